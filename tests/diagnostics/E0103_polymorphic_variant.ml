let colour = `Red

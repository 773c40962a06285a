let five = 5
let ten = five 2

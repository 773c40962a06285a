type account = { owner : string; balance : int }

let empty = { owner = "nobody"; balanse = 0 }

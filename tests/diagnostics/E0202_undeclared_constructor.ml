type color = Red | Green

let favourite = Blue

let n = List.lenght [1; 2; 3]

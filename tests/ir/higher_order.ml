let compose f g x = f (g x)
let twice f = compose f f
let () = print_int (twice (fun x -> x * 2) 5 |> succ)

(* Let-bound functions are generalised and used at several types. *)
let id x = x
let pair x y = (x, y)
let twice f x = f (f x)
let compose f g x = f (g x)
let const x _ = x

let uses_id = (id 1, id "one", id true)
let swap (a, b) = (b, a)
let swapped = swap (pair 1 "x")

let apply_both f g x = (f x, g x)

let local_polymorphism () =
  let wrap x = [x] in
  (wrap 1, wrap 'c', wrap "s")

let rec repeat n f x = if n <= 0 then x else repeat (n - 1) f (f x)

let eight = twice (twice (fun x -> x * 2)) 1 / 2
let shout = compose String.uppercase_ascii (fun s -> s ^ "!")
let first_of_three = const (const 1)

let () = print_int (first_of_three "weak" 2.5 + eight)

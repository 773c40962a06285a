(* A few List functions, for the IR tests until the library's own sources exist. *)
let rec length_aux n = function [] -> n | _ :: tl -> length_aux (n + 1) tl
let length l = length_aux 0 l
let rec iter f = function [] -> () | x :: tl -> f x; iter f tl
let rec map f = function [] -> [] | x :: tl -> let y = f x in y :: map f tl
let rec fold_left f acc = function [] -> acc | x :: tl -> fold_left f (f acc x) tl
let rec rev_append l acc = match l with [] -> acc | x :: tl -> rev_append tl (x :: acc)
let rev l = rev_append l []
let rec filter p = function [] -> [] | x :: tl -> if p x then x :: filter p tl else filter p tl

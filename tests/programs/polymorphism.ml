(* Let-polymorphism: one definition used at several types. *)
let id x = x
let pair x y = (x, y)
let swap (a, b) = (b, a)
let rec length = function [] -> 0 | _ :: t -> 1 + length t
let map_pair f (a, b) = (f a, f b)

type 'a box = Box of 'a

let unbox (Box x) = x

let () =
  let i = id 3 and s = id "three" and b = id true in
  Printf.printf "%d %s %b\n" i s b;
  let (x, y) = swap (pair 1 "one") in
  Printf.printf "%s %d\n" x y;
  Printf.printf "%d %d %d\n" (length [1; 2; 3]) (length ["a"]) (length [[]; []]);
  let (p, q) = map_pair String.length ("ab", "abcd") in
  Printf.printf "%d %d\n" p q;
  let boxes = (Box 1, Box "s", Box [1.5]) in
  let (b1, b2, b3) = boxes in
  Printf.printf "%d %s %.1f\n" (unbox b1) (unbox b2) (List.hd (unbox b3));
  let compose f g x = f (g x) in
  let h = compose string_of_int (fun n -> n * 7) in
  print_endline (h 6)

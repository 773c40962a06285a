(* Closures: folds with closures built on the fly, partial application, composition and
   functions returned from functions. *)

let compose f g x = f (g x)

let add k x = x + k

let rec iterate n f x = if n = 0 then x else iterate (n - 1) f (f x)

let rec range a b acc = if b < a then acc else range a (b - 1) (b :: acc)

let pipeline k = compose (add k) (compose (fun x -> x * 3) (add (k + 1)))

let () =
  let xs = range 1 1000 [] in
  let total = ref 0 in
  for round = 1 to 5000 do
    let f = pipeline round in
    let step acc x = (acc + f x) land 0xfffffff in
    total := List.fold_left step !total xs;
    let counters = List.map (fun x -> fun y -> x * y + round) xs in
    total := List.fold_right (fun c acc -> (acc + c 3) land 0xfffffff) counters !total;
    total := iterate 1000 (fun a -> (a * 5 + round) land 0xfffffff) !total;
    let adders = List.map add xs in
    total := List.fold_left (fun acc g -> g acc land 0xfffffff) !total adders
  done;
  Printf.printf "total %d\n" !total

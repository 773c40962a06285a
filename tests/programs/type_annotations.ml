(* Type annotations on expressions and parameters, type abbreviations. *)
type name = string
type 'a pair = 'a * 'a
type score = { who : name; points : int }

let double (x : int) : int = x * 2
let swap_pair ((a, b) : 'a pair) : 'a pair = (b, a)
let best (scores : score list) : score option =
  List.fold_left (fun acc (s : score) -> match acc with
      | Some b when b.points >= s.points -> acc
      | _ -> Some s) None scores

let id_list (l : 'a list) = l

let () =
  let n = (double 21 : int) in
  let (p, q) = swap_pair ((1, 2) : int pair) in
  Printf.printf "%d %d %d\n" n p q;
  let who : name = "zoe" in
  let scores = [{ who = "amy"; points = 3 }; { who; points = 9 }; { who = "bo"; points = 9 }] in
  (match best scores with Some s -> Printf.printf "%s %d\n" s.who s.points | None -> ());
  Printf.printf "%d %s\n" (List.length (id_list [1; 2])) (String.concat "" (id_list ["a"; "b"]));
  let f = (fun (s : string) (k : int) -> String.make k (String.get s 0)) in
  print_endline (f "xyz" 4)

(* Records: construction, field access, patterns and functional update. *)
type point = { x : int; y : int }
type person = { name : string; age : int; tags : string list }

let move p dx = { p with x = p.x + dx }
let norm1 { x; y } = abs x + abs y

let birthday p = { p with age = p.age + 1 }

let () =
  let p = { x = 3; y = -4 } in
  let q = move p 10 in
  Printf.printf "p=(%d,%d) q=(%d,%d) |p|=%d\n" p.x p.y q.x q.y (norm1 p);
  let alice = { name = "Alice"; age = 30; tags = ["admin"] } in
  let older = birthday alice in
  let renamed = { older with name = "Alicia"; tags = "new" :: older.tags } in
  List.iter (fun r -> Printf.printf "%s %d [%s]\n" r.name r.age (String.concat "," r.tags)) [alice; older; renamed];
  Printf.printf "%b %b\n" (p = { x = 3; y = -4 }) (alice = older);
  match renamed with
  | { name = "Alicia"; age; _ } -> Printf.printf "matched age %d\n" age
  | _ -> print_endline "no match"

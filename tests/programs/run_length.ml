(* Run-length encoding and decoding of strings. *)
let encode s =
  let n = String.length s in
  let rec go i acc =
    if i >= n then List.rev acc
    else
      let c = String.get s i in
      let j = ref i in
      while !j < n && String.get s !j = c do incr j done;
      go !j ((c, !j - i) :: acc)
  in
  go 0 []

let to_string runs = String.concat "" (List.map (fun (c, k) -> string_of_int k ^ String.make 1 c) runs)
let decode runs = String.concat "" (List.map (fun (c, k) -> String.make k c) runs)

let () =
  List.iter (fun s ->
      let runs = encode s in
      Printf.printf "%s -> %s -> %s (%b)\n" s (to_string runs) (decode runs) (decode runs = s))
    ["aaabccdddd"; "abc"; ""; "zzzzzzzzzzzz"]

(* A traffic-light state machine driven by events; variants without arguments. *)
type light = Red | Yellow | Green
type event = Tick | Emergency | Reset

let next state event = match (state, event) with
  | (_, Emergency) -> Red
  | (_, Reset) -> Green
  | (Green, Tick) -> Yellow
  | (Yellow, Tick) -> Red
  | (Red, Tick) -> Green

let name = function Red -> "red" | Yellow -> "yellow" | Green -> "green"

let () =
  let events = [Tick; Tick; Tick; Emergency; Tick; Reset; Tick] in
  let final = List.fold_left (fun s e -> let s' = next s e in Printf.printf "%s -> %s\n" (name s) (name s'); s') Green events in
  Printf.printf "final %s\n" (name final);
  let count = List.length (List.filter (fun e -> e = Tick) events) in
  Printf.printf "%d ticks\n" count

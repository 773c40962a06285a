#!/usr/bin/env python3
"""Writes a large, varied, well-typed program in the anerisc subset (and valid OCaml) to stdout.

Usage: gen_program.py LINES   -- about LINES lines: variants, records, exceptions, polymorphic
helpers, pattern matching, closures, lists, strings, Printf, refs and loops, repeated with
fresh names so that every block is type-checked on its own.
"""
import sys

BLOCK = """\
type shape_{i} =
  | Circle_{i} of float
  | Rect_{i} of float * float
  | Named_{i} of string * shape_{i}

type account_{i} = {{ owner_{i} : string; balance_{i} : int; history_{i} : int list }}

exception Overdrawn_{i} of string * int

let rec area_{i} s =
  match s with
  | Circle_{i} r -> 3.14159 *. r *. r
  | Rect_{i} (w, h) -> w *. h
  | Named_{i} (_, inner) -> area_{i} inner

let describe_{i} s =
  match s with
  | Circle_{i} _ -> "circle"
  | Rect_{i} (w, h) when w = h -> "square"
  | Rect_{i} _ -> "rectangle"
  | Named_{i} (n, _) -> n

let deposit_{i} acc amount =
  {{ acc with balance_{i} = acc.balance_{i} + amount; history_{i} = amount :: acc.history_{i} }}

let withdraw_{i} acc amount =
  if amount > acc.balance_{i} then raise (Overdrawn_{i} (acc.owner_{i}, amount))
  else {{ acc with balance_{i} = acc.balance_{i} - amount; history_{i} = (- amount) :: acc.history_{i} }}

let compose_{i} f g x = f (g x)

let rec fold_pairs_{i} f acc = function
  | [] -> acc
  | [x] -> f acc x x
  | x :: (y :: _ as rest) -> fold_pairs_{i} f (f acc x y) rest

let total_{i} xs = List.fold_left (fun acc x -> acc + x) 0 xs

let safe_withdraw_{i} acc amount =
  try Some (withdraw_{i} acc amount) with Overdrawn_{i} (who, n) ->
    Printf.eprintf "%s cannot withdraw %d\\n" who n;
    None

let counter_{i} () =
  let count = ref 0 in
  (fun () -> incr count; !count)

let histogram_{i} xs =
  let buckets = ref [] in
  List.iter
    (fun x ->
      let key = x mod 10 in
      match List.assoc_opt key !buckets with
      | Some n -> buckets := (key, n + 1) :: List.remove_assoc key !buckets
      | None -> buckets := (key, 1) :: !buckets)
    xs;
  !buckets

let report_{i} acc =
  let shapes = [Circle_{i} 1.0; Rect_{i} (2.0, 3.0); Named_{i} ("unit", Rect_{i} (1.0, 1.0))] in
  let areas = List.map area_{i} shapes in
  let names = String.concat ", " (List.map describe_{i} shapes) in
  let sum = List.fold_left ( +. ) 0.0 areas in
  let next = counter_{i} () in
  for _ = 1 to 3 do ignore (next ()) done;
  let pairs = fold_pairs_{i} (fun a x y -> a + x * y) 0 acc.history_{i} in
  Printf.sprintf "%s: %d (%s) %.2f %d %d" acc.owner_{i} acc.balance_{i} names sum pairs
    (total_{i} (List.map snd (histogram_{i} acc.history_{i})))

let run_{i} () =
  let acc = {{ owner_{i} = "user{i}"; balance_{i} = 0; history_{i} = [] }} in
  let acc = deposit_{i} (deposit_{i} acc 10) 32 in
  match safe_withdraw_{i} acc 5 with
  | Some acc -> print_endline (report_{i} acc)
  | None -> print_endline (compose_{i} String.uppercase_ascii (fun s -> s ^ "!") "failed")

"""

def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    block_lines = BLOCK.count("\n")
    blocks = max(1, lines // block_lines)
    out = sys.stdout
    for i in range(blocks):
        out.write(BLOCK.format(i=i))
    out.write("let () = run_0 ()\n")

if __name__ == "__main__":
    main()

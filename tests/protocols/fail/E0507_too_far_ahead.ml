open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| q = mu r. ?(a : int). !(b : int). r |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol q] in
  let c = connect s addr in
  send c 0;
  send c 1;
  send c 2;
  send c 3;
  send c 4;
  send c 5;
  send c 6;
  send c 7;
  send c 8;
  send c 9;
  send c 10;
  send c 11;
  send c 12;
  send c 13;
  send c 14;
  send c 15;
  send c 16;
  send c 17;
  send c 18;
  send c 19;
  send c 20;
  send c 21;
  send c 22;
  send c 23;
  send c 24;
  send c 25;
  send c 26;
  send c 27;
  send c 28;
  send c 29;
  send c 30;
  send c 31;
  send c 32;
  send c 33;
  send c 34;
  send c 35;
  send c 36;
  send c 37;
  send c 38;
  send c 39;
  send c 40;
  send c 41;
  send c 42;
  send c 43;
  send c 44;
  send c 45;
  send c 46;
  send c 47;
  send c 48;
  send c 49;
  send c 50;
  send c 51;
  send c 52;
  send c 53;
  send c 54;
  send c 55;
  send c 56;
  send c 57;
  send c 58;
  send c 59;
  send c 60;
  send c 61;
  send c 62;
  send c 63;
  send c 64;
  ()

# Reference data for tests/exact/test_gap_reference.py, generated with GAP 4:
#   gap -q tests/exact/data/gap_cyclotomics.g > tests/exact/data/gap_cyclotomics.txt
# then converted to JSON by tests/exact/data/make_gap_json.py.
# Each line: n | exponent:coefficient,... | String(value) | String(value^-1) | String(GaloisCyc(value, k)) | k
# where value = Sum of coefficient * E(n)^exponent (deterministic pseudo-random terms).
SizeScreen([4096, 100]);;
conductors := [3, 4, 5, 7, 8, 9, 12, 15, 16, 20, 21, 24, 25, 27, 28, 30, 32, 36, 40, 45, 60, 84];
for n in conductors do
  for j in [1 .. 8] do
    terms := List([1 .. 1 + (j mod 5)], k -> [(j * k * 7 + 3 * k * k + j) mod n, ((j + 2 * k) mod 7) - 3]);
    if j mod 3 = 0 then Add(terms, [0, j / 2]); fi;
    if j mod 4 = 1 then Add(terms, [(n / 2 + j) mod n, 1 / 3]); fi;
    value := Sum(terms, t -> t[2] * E(n) ^ t[1]);
    k := First([2 .. n + 1], x -> Gcd(x, n) = 1 and x mod n <> 1);
    if k = fail then k := 1; fi;
    if value = 0 then inv := "none"; else inv := String(value ^ -1); fi;
    Print(n, "|", JoinStringsWithSeparator(List(terms, t -> Concatenation(String(t[1]), ":", String(t[2]))), ","),
          "|", String(value), "|", inv, "|", String(GaloisCyc(value, k)), "|", k, "\n");
  od;
od;
QUIT;

# GAP 4.12 script writing scale_groups.json: permutation generators (GAP's 1-based image lists,
# right actions) of the large groups of benchmarks/bench_scale.py that are not written in Python.
# Run from the repository root:  gap -q benchmarks/data/scale_groups.g
LoadPackage("primgrp");;
entries := [
  ["J1", PrimitiveGroup(266, 1)],
  ["PSL(2,64)", PSL(2, 64)],
  ["M11", MathieuGroup(11)],
  ["M12", MathieuGroup(12)],
  ["M22", MathieuGroup(22)],
  ["A9", AlternatingGroup(9)],
];;
out := OutputTextFile("benchmarks/data/scale_groups.json", false);;
SetPrintFormattingStatus(out, false);;
PrintTo(out, "{\"source\": \"GAP 4.12, benchmarks/data/scale_groups.g\", \"groups\": [\n");;
for i in [1 .. Length(entries)] do
  G := entries[i][2];;
  n := LargestMovedPoint(G);;
  AppendTo(out, "{\"name\": \"", entries[i][1], "\", \"order\": ", Size(G),
           ", \"permutation_generators_1based_right_action\": [");;
  gens := GeneratorsOfGroup(G);;
  for j in [1 .. Length(gens)] do
    AppendTo(out, ListPerm(gens[j], n));;
    if j < Length(gens) then AppendTo(out, ", ");; fi;
  od;
  AppendTo(out, "]}");;
  if i < Length(entries) then AppendTo(out, ",\n");; else AppendTo(out, "\n");; fi;
od;
AppendTo(out, "]}\n");;
CloseStream(out);;
QUIT;

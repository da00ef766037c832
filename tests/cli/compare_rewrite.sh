# A rewrite side by side: the aligned sentences follow the passages; the relation record
# carries them as "sentences".
"$REPRINT" compare --width 100 examples/wire-seawall.txt examples/pulse-rewrite.txt | sed -n '/^rewrite/,$p'
echo "exit $?"
"$REPRINT" compare --format jsonl examples/wire-seawall.txt examples/pulse-rewrite.txt | grep -o '"type":"rewrite".*"passages"\|"sentences":\[{[^}]*}'
echo "exit $?"
"$REPRINT" compare examples/wire-seawall.txt examples/radio-independent.txt | grep -c '^rewrite'
echo "exit $?"

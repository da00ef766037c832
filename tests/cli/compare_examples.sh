# Two articles side by side (plain markers: not a terminal), and the relation record.
"$REPRINT" compare --width 100 examples/wire-seawall.txt examples/ledger-quotes.txt
echo "exit $?"
"$REPRINT" compare --format jsonl examples/wire-seawall.txt examples/brief-short.txt
echo "exit $?"
"$REPRINT" compare examples/wire-seawall.txt examples/herald-chess.txt | tail -1
echo "exit $?"
"$REPRINT" compare examples/wire-seawall.txt
echo "exit $?"
"$REPRINT" compare examples examples/wire-seawall.txt
echo "exit $?"

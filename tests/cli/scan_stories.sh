# The examples' report: one story in order with what each article is and adds, the unrelated
# article alone; a time window that does not apply (no dates) changes nothing; a bad window
# is a usage error.
"$REPRINT" scan --window 72h examples | sed -n '/^story /,/^alone:/p'
"$REPRINT" scan --window none examples | sed -n '/^story /,/^alone:/p' | head -3
"$REPRINT" scan --window 3x examples
echo "exit $?"

# Pairs of short texts scored for paraphrase; a bad record names its line.
printf '%s\n' '{"id":"p1","a":"The mayor asked residents to leave the lower town.","b":"Residents of the lower town were asked by the mayor to leave."}' \
    '{"id":"p2","a":"The mayor asked residents to leave the lower town.","b":"A teenager won the chess tournament on Sunday."}' \
    '{"id":"p3","a":"Prices rose 3 percent in May.","b":"Prices rose 5 percent in May."}' >/tmp/rp_pairs.$$
"$REPRINT" compare --pairs /tmp/rp_pairs.$$ --format jsonl
echo "exit $?"
printf '{"id":"x","a":"one"}\n' | "$REPRINT" compare --pairs -
echo "exit $?"
rm -f /tmp/rp_pairs.$$

# needs: shared
# The seeds: five article records with their titles (003 has none).
"$REPRINT" scan --format jsonl "$SHARED/seeds"

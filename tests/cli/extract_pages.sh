# Web pages, a text file and JSON Lines read alike: the main text of each page without its
# furniture (navigation, share bar, captions, related list, comments, sidebar, footer), its
# metadata, and what the boilerplate detector flags taken out; a page without an article is
# an empty article with a warning.
"$REPRINT" extract tests/cli/pages
echo "exit $?"
printf '{"id":"wire","title":"Storm","text":"The storm reached the coast at dawn.\\n\\nFollow us on Twitter @wire for updates."}\n' |
    "$REPRINT" extract --keep-boilerplate -
echo "exit $?"
"$REPRINT" extract --format text --keep-boilerplate tests/cli/pages/harbour.html

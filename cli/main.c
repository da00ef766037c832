/* main.c: reprint(1), the command-line front end of libreprint: dispatches subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tune.h"
#include "../lib/base/banned.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"scan", cmd_scan, "read articles and report what is in them"},
    {"dedup", cmd_dedup, "find groups of exact and near-duplicate articles"},
    {"compare", cmd_compare, "show two articles side by side with their shared passages"},
    {"extract", cmd_extract, "write the main text of web pages and other articles"},
    {"index", cmd_index, "add articles to a persistent index (SQLite) and query it"},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void help(FILE *f)
{
    fputs("usage: reprint COMMAND [OPTIONS] PATH...\n\n"
          "Finds the stories, duplicates, copied and quoted passages, rewrites and provenance\n"
          "in a collection of news articles.\n\ncommands:\n",
          f);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'reprint COMMAND --help' tells more; see also reprint(1).\n", f);
}

int main(int argc, char **argv)
{
    cli_tune_malloc(argv);
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("reprint %s\n", RP_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "reprint: '%s' is not a command; see 'reprint --help'\n", argv[1]);
    return EXIT_USAGE;
}

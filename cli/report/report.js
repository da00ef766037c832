/* report.js: the views of reprint's HTML report, drawn on demand from the JSON in the page.
 *
 * cli/report.c writes the data once: #rp-data holds the articles, relations and stories, and
 * #rp-tN, after this script, the text of article N, parsed only when a view shows it. Every
 * span is already in UTF-16 code units, the indices of JavaScript strings. The views are
 * addressed by the URL's fragment, so that links, the back button and bookmarks work:
 *   #/                         the stories, filtered, sorted and paginated
 *   #/story/K                  one story: timeline, reuse graph, articles, pairs
 *   #/article/I                one article: its relations and its text
 *   #/pair/I/J[/a|b/pN|sN]     two articles side by side (optionally at a passage)
 * Everything is built with DOM calls and textContent, never from HTML strings, so that no
 * text of the data can become markup. This file must stay ASCII (embed.sh checks); make
 * format formats it (.clang-format has its JavaScript style). */
(function() {
'use strict';

const data = JSON.parse(document.getElementById('rp-data').textContent);
const articles = data.articles;
const relations = data.relations;
const stories = data.stories;
const main = document.getElementById('rp-main');
const live = document.getElementById('rp-live');
const crumbs = document.getElementById('rp-crumbs');
const SVG = 'http://www.w3.org/2000/svg';
const ARROW = '\u2192';
const DASH = '\u2013';
const GRAPH_MAX_NODES = 150;
const TIMELINE_MAX = 400;
const TABLE_STEP = 200;

/* ---- Indexes ---------------------------------------------------------------------- */

const n = articles.length;
const storyOf = new Int32Array(n).fill(-1);
const posOf = new Int32Array(n);
const relsOf = [];
const pairRel = new Map();
for (let i = 0; i < n; i++) relsOf.push([]);
stories.forEach(function(st, k) {
    st.articles.forEach(function(i, p) {
        storyOf[i] = k;
        posOf[i] = p;
    });
});
const pairKey = (i, j) => (i < j ? i * n + j : j * n + i);
relations.forEach(function(r, k) {
    relsOf[r.a].push(k);
    relsOf[r.b].push(k);
    pairRel.set(pairKey(r.a, r.b), k);
});

function roleOf(i) {
    const k = storyOf[i];
    return k < 0 ? null : stories[k].roles[posOf[i]];
}

function novelOf(i) {
    const k = storyOf[i];
    return k < 0 ? null : stories[k].novel[posOf[i]];
}

const textCache = new Map();
function textOf(i) {
    if (!textCache.has(i))
        textCache.set(i, JSON.parse(document.getElementById('rp-t' + i).textContent));
    return textCache.get(i);
}

function hostOf(url) {
    const m = /^https?:\/\/([^/?#:]+)/i.exec(url || '');
    return m ? m[1].replace(/^www\./, '') : null;
}

function sourceOf(i) {
    return articles[i].source || hostOf(articles[i].url);
}

/* Relations whose both articles are in story k, in the order of the data. */
const storyRelCache = new Map();
function storyRelations(k) {
    if (storyRelCache.has(k))
        return storyRelCache.get(k);
    const out = [];
    stories[k].articles.forEach(function(i) {
        relsOf[i].forEach(function(r) {
            const rel = relations[r];
            const other = rel.a === i ? rel.b : rel.a;
            if (storyOf[other] === k && i === rel.a)
                out.push(r);
        });
    });
    out.sort((x, y) => x - y);
    storyRelCache.set(k, out);
    return out;
}

/* Time span, sources and relation counts of story k. */
const storyInfoCache = new Map();
function storyInfo(k) {
    if (storyInfoCache.has(k))
        return storyInfoCache.get(k);
    const st = stories[k];
    const info =
        {first: null, last: null, firstDate: null, lastDate: null, sources: [], types: new Map()};
    const seen = new Set();
    st.articles.forEach(function(i) {
        const a = articles[i];
        if (a.t !== undefined) {
            if (info.first === null || a.t < info.first) {
                info.first = a.t;
                info.firstDate = a.date;
            }
            if (info.last === null || a.t > info.last) {
                info.last = a.t;
                info.lastDate = a.date;
            }
        }
        const s = sourceOf(i);
        if (s && !seen.has(s)) {
            seen.add(s);
            info.sources.push(s);
        }
    });
    storyRelations(k).forEach(function(r) {
        const t = relations[r].type;
        info.types.set(t, (info.types.get(t) || 0) + 1);
    });
    storyInfoCache.set(k, info);
    return info;
}

/* ---- DOM helpers ------------------------------------------------------------------ */

function build(doc, ns, tag, attrs, kids) {
    const e = ns ? doc.createElementNS(ns, tag) : doc.createElement(tag);
    for (const key in attrs || {}) {
        const v = attrs[key];
        if (v === null || v === undefined || v === false)
            continue;
        if (key === 'text')
            e.textContent = v;
        else if (key.startsWith('on'))
            e.addEventListener(key.slice(2), v);
        else if (key === 'class' && !ns)
            e.className = v;
        else
            e.setAttribute(key, v === true ? '' : v);
    }
    add(e, kids);
    return e;
}

function add(e, kids) {
    if (kids === null || kids === undefined || kids === false)
        return e;
    if (Array.isArray(kids))
        kids.forEach((k) => add(e, k));
    else if (typeof kids === 'string' || typeof kids === 'number')
        e.appendChild(document.createTextNode(String(kids)));
    else
        e.appendChild(kids);
    return e;
}

const h = (tag, attrs, kids) => build(document, null, tag, attrs, kids);
const svg = (tag, attrs, kids) => build(document, SVG, tag, attrs, kids);

function pct(x) {
    return x === null || x === undefined ? DASH : Math.round(100 * x) + '%';
}

function fixed(x, digits) {
    return x === null || x === undefined ? DASH : x.toFixed(digits);
}

function plural(count, word, many) {
    return count + ' ' + (count === 1 ? word : many || word + 's');
}

/* Classes of a relation type ('t-') or role ('r-'): the kind and the name. */
function cls(prefix, name) {
    return (prefix === 't-' ? 'type ' : 'role ') + prefix +
        String(name).toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function short(s, max) {
    return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
}

function storyTitle(k) {
    const st = stories[k];
    return st.title || articles[st.articles[0]].title || articles[st.articles[0]].id;
}

function articleLink(i, label) {
    return h(
        'a', {href: '#/article/' + i, class: 'aid', title: articles[i].title || null},
        label || articles[i].id);
}

function badge(prefix, name, label) {
    return h('span', {class: 'badge ' + cls(prefix, name)}, label || name);
}

/* A date of the data ("2024-03-01" or "2024-03-01T08:00:00Z") as it is shown. */
function when(date) {
    return date ? date.replace(/T(\d\d:\d\d):00Z$/, ' $1 UTC').replace(/T(.*)Z$/, ' $1 UTC') : date;
}

function span(start, end) {
    return start === end || end === null ? when(start) : when(start) + ' ' + DASH + ' ' + when(end);
}

/* A share as a percentage with a small bar beside it. */
function share(x) {
    return h('span', {class: 'share'}, [
        pct(x),
        h('span', {class: 'bar', 'aria-hidden': 'true'},
          h('span', {style: 'width:' + Math.round(100 * (x || 0)) + '%'}))
    ]);
}

/* "B took from A" for a relation, or null when it has no direction. */
function directionOf(rel) {
    if (rel.from === undefined)
        return null;
    const to = rel.from === rel.a ? rel.b : rel.a;
    return {from: rel.from, to: to, inferred: rel.inferred};
}

function directionCell(rel) {
    const d = directionOf(rel);
    if (d === null)
        return DASH;
    return [
        articleLink(d.from), ' ' + ARROW + ' ', articleLink(d.to),
        d.inferred ? h('span', {class: 'note'}, ' (inferred)') : null
    ];
}

function evidenceText(rel) {
    const parts = [];
    if (rel.passages.length)
        parts.push(plural(rel.passages.length, 'passage'));
    if (rel.sentences.length)
        parts.push(plural(rel.sentences.length, 'sentence pair'));
    if (rel.terms.length)
        parts.push(plural(rel.terms.length, 'shared term'));
    return parts.join(', ') || DASH;
}

/* A table with a caption and a header row; 'rows' are arrays of cells, the first of which
 * is the row's header. Long tables show TABLE_STEP rows and a button for more. */
function table(caption, heads, rows, rowAttrs) {
    const tbody = h('tbody');
    const t = h('table', {}, [
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, heads.map((x) => h('th', {scope: 'col'}, x)))), tbody
    ]);
    let shown = 0;
    const more = h('button', {type: 'button', class: 'more'});
    function grow() {
        const end = Math.min(rows.length, shown + TABLE_STEP);
        for (; shown < end; shown++) {
            const row = rows[shown]();
            tbody.appendChild(
                h('tr', rowAttrs ? rowAttrs(shown) : {},
                  row.map((c, x) => h(x === 0 ? 'th' : 'td', x === 0 ? {scope: 'row'} : {}, c))));
        }
        more.textContent = 'Show ' + Math.min(TABLE_STEP, rows.length - shown) + ' more of ' +
            (rows.length - shown);
        more.hidden = shown >= rows.length;
    }
    more.addEventListener('click', grow);
    grow();
    return h('div', {class: 'table-wrap'}, [t, more]);
}

/* ---- Page frame ------------------------------------------------------------------- */

let current = null; /* the view shown: {kind, i, j} */

function show(title, path, nodes, focus) {
    main.replaceChildren();
    add(main, nodes);
    crumbs.replaceChildren(h('ol', {}, path.map(function(p, x) {
        const last = x === path.length - 1;
        return h(
            'li', {},
            last ? h('span', {'aria-current': 'page'}, p[0]) : h('a', {href: p[1]}, p[0]));
    })));
    document.title = title + ' ' + DASH + ' reprint report';
    live.textContent = title;
    window.scrollTo({top: 0, left: 0, behavior: 'instant'});
    if (focus !== false) {
        const heading = main.querySelector('h1');
        if (heading)
            heading.focus({preventScroll: true});
    }
}

function heading(text, extra) {
    return h('h1', {tabindex: '-1'}, [text, extra || null]);
}

function facts(list) {
    return h(
        'dl', {class: 'facts'},
        list.filter((x) => x).map((x) => h('div', {}, [h('dt', {}, x[0]), h('dd', {}, x[1])])));
}

/* ---- Overview: the stories -------------------------------------------------------- */

const overview = {
    query: '',
    sort: 'size',
    size: 50,
    page: 0,
    singles: true
};
let searchText = null;

function storyMatches(k, q) {
    if (searchText === null) {
        searchText = stories.map(function(st, x) {
            const parts = [st.id, st.title || ''];
            st.articles.forEach(function(i) {
                const a = articles[i];
                parts.push(a.id, a.title || '', sourceOf(i) || '');
            });
            return parts.join('\n').toLowerCase();
        });
    }
    return searchText[k].indexOf(q) >= 0;
}

function storyOrder() {
    const q = overview.query.trim().toLowerCase();
    const list = [];
    for (let k = 0; k < stories.length; k++)
        if ((overview.singles || stories[k].articles.length > 1) && (!q || storyMatches(k, q)))
            list.push(k);
    if (overview.sort === 'size')
        list.sort((x, y) => stories[y].articles.length - stories[x].articles.length || x - y);
    else if (overview.sort === 'time')
        list.sort(function(x, y) {
            const a = storyInfo(x).first, b = storyInfo(y).first;
            if (a === b)
                return x - y;
            return a === null ? 1 : b === null ? -1 : a - b;
        });
    else if (overview.sort === 'title')
        list.sort((x, y) => storyTitle(x).localeCompare(storyTitle(y)) || x - y);
    return list;
}

function storyRow(k) {
    const st = stories[k];
    const info = storyInfo(k);
    const types = [];
    info.types.forEach((count, t) => types.push(badge('t-', t, count + ' ' + t)));
    const sources = info.sources.slice(0, 3).join(', ') +
        (info.sources.length > 3 ? ' +' + (info.sources.length - 3) + ' more' : '');
    return [
        h('a', {href: '#/story/' + k}, storyTitle(k)), st.articles.length,
        info.first === null ? h('span', {class: 'note'}, 'no dates') :
                              span(info.firstDate, info.lastDate),
        st.original !== undefined ? articleLink(st.original) : DASH, sources || DASH,
        types.length ? types : DASH
    ];
}

function viewOverview() {
    current = {kind: 'overview'};
    const counts = new Map();
    relations.forEach((r) => counts.set(r.type, (counts.get(r.type) || 0) + 1));
    const countText = [];
    counts.forEach((c, t) => countText.push(c + ' ' + t));
    const multi = stories.filter((st) => st.articles.length > 1).length;
    const results = h('div', {id: 'rp-results'});

    function control(label, input) {
        return h('label', {}, [h('span', {}, label), input]);
    }
    function option(value, label, selected) {
        return h('option', {value: value, selected: selected}, label);
    }
    const filter = h('input', {
        type: 'search',
        id: 'rp-filter',
        value: overview.query,
        placeholder: 'title, id or source'
    });
    let timer = 0;
    filter.addEventListener('input', function() {
        clearTimeout(timer);
        timer = setTimeout(function() {
            overview.query = filter.value;
            overview.page = 0;
            renderStories(results);
        }, 150);
    });
    const sort =
        h('select', {
            id: 'rp-sort',
            onchange: function() {
                overview.sort = sort.value;
                overview.page = 0;
                renderStories(results);
            }
        },
          [
              option('size', 'largest first', overview.sort === 'size'),
              option('time', 'earliest first', overview.sort === 'time'),
              option('order', 'as scanned', overview.sort === 'order'),
              option('title', 'by title', overview.sort === 'title')
          ]);
    const size =
        h('select', {
            id: 'rp-page-size',
            onchange: function() {
                overview.size = +size.value;
                overview.page = 0;
                renderStories(results);
            }
        },
          [25, 50, 100, 500, 0].map((v) => option(v, v ? String(v) : 'all', overview.size === v)));
    const singles = h('input', {
        type: 'checkbox',
        id: 'rp-singles',
        checked: overview.singles,
        onchange: function() {
            overview.singles = singles.checked;
            overview.page = 0;
            renderStories(results);
        }
    });
    show('Stories', [['Stories', '#/']], [
        heading('Stories'),
        h('p', {class: 'summary'},
          [
              plural(n, 'article') + ' in ' + plural(stories.length, 'story', 'stories') + ' (' +
                  multi + ' with more than one article), ' + plural(relations.length, 'relation') +
                  (countText.length ? ': ' + countText.join(', ') : '') + '.',
              data.skipped ? ' ' + plural(data.skipped, 'bad record') + ' skipped.' : null, h('br'),
              'Read from ' + data.inputs.join(', ') + ' by ' + data.generator + '.'
          ]),
        h('form', {
            class: 'controls',
            role: 'search',
            'aria-label': 'Stories',
            onsubmit: (e) => e.preventDefault()
        },
          [
              control('Filter', filter), control('Sort', sort), control('Per page', size),
              h('label', {class: 'check'}, [singles, h('span', {}, 'show stories of one article')])
          ]),
        results
    ]);
    renderStories(results);
}

function renderStories(results) {
    const list = storyOrder();
    const size = overview.size || list.length || 1;
    const pages = Math.max(1, Math.ceil(list.length / size));
    overview.page = Math.min(overview.page, pages - 1);
    const first = overview.page * size;
    const shown = list.slice(first, first + size);
    const tbody = h('tbody', {}, shown.map(function(k) {
        return h(
            'tr', {'data-story': k},
            storyRow(k).map((c, x) => h(x === 0 ? 'th' : 'td', x === 0 ? {scope: 'row'} : {}, c)));
    }));
    function pageButton(label, page, disabled) {
        return h(
            'button', {
                type: 'button',
                disabled: disabled,
                onclick: function() {
                    overview.page = page;
                    renderStories(results);
                    results.querySelector('caption').focus();
                }
            },
            label);
    }
    const status = list.length ? 'Page ' + (overview.page + 1) + ' of ' + pages + ': stories ' +
            (first + 1) + DASH + (first + shown.length) + ' of ' + list.length :
                                 'No story matches.';
    results.replaceChildren();
    add(results, [
        h('table', {id: 'rp-stories'},
          [
              h('caption', {tabindex: '-1'}, status),
              h('thead', {},
                h('tr', {},
                  ['Story', 'Articles', 'Time span', 'Original', 'Sources', 'Relations'].map(
                      (x) => h('th', {scope: 'col'}, x)))),
              tbody
          ]),
        pages > 1 ? h('nav', {class: 'pager', 'aria-label': 'Pages of stories'},
                      [
                          pageButton('Previous page', overview.page - 1, overview.page === 0),
                          h('span', {}, ' ' + (overview.page + 1) + ' / ' + pages + ' '),
                          pageButton('Next page', overview.page + 1, overview.page >= pages - 1)
                      ]) :
                    null
    ]);
}

/* ---- Story ------------------------------------------------------------------------ */

function viewStory(k) {
    current = {kind: 'story', k: k};
    const st = stories[k];
    const info = storyInfo(k);
    const rels = storyRelations(k);
    const title = storyTitle(k);
    const orderWord = st.inferred ? 'inferred order' : 'time order';
    const rows = st.articles.map(
        (i, p) => () =>
            [String(p + 1), when(articles[i].date) || h('span', {class: 'note'}, 'no date'),
             [
                 articleLink(i),
                 articles[i].title ? h('span', {class: 'sub'}, articles[i].title) : null
             ],
             sourceOf(i) || DASH, badge('r-', st.roles[p]), share(1 - st.novel[p]),
             share(st.novel[p]), String(articles[i].words), String(relsOf[i].length)]);
    show(title, [['Stories', '#/'], [short(title, 60), '#/story/' + k]], [
        heading(title), facts([
            ['Story', st.id], ['Articles', String(st.articles.length)],
            [
                'Time span',
                info.first === null ? 'no publication dates' : span(info.firstDate, info.lastDate)
            ],
            [
                'Order',
                st.inferred ? 'inferred, not from publication dates: ' +
                        'the original is the one the others reuse most' :
                              'by publication time'
            ],
            ['Original', st.original !== undefined ? articleLink(st.original) : DASH],
            [
                'Sources',
                info.sources.length ? info.sources.slice(0, 8).join(', ') +
                        (info.sources.length > 8 ? ' and ' + (info.sources.length - 8) + ' more' :
                                                   '') :
                                      DASH
            ]
        ]),
        h('section', {'aria-labelledby': 'rp-h-timeline'},
          [
              h('h2', {id: 'rp-h-timeline'},
                st.inferred ? 'Timeline (order inferred)' : 'Timeline'),
              timeline(k)
          ]),
        h('section', {'aria-labelledby': 'rp-h-graph'},
          [h('h2', {id: 'rp-h-graph'}, 'Reuse graph'), graph(k)]),
        h('section', {'aria-labelledby': 'rp-h-articles'},
          [
              h('h2', {id: 'rp-h-articles'}, 'Articles'),
              table(
                  'The ' + plural(st.articles.length, 'article') + ' of the story, in ' +
                      orderWord +
                      '. "From earlier" is the share of an article\'s text that an earlier ' +
                      'article had; "adds" is the rest.',
                  [
                      '#', 'Published', 'Article', 'Source', 'Role', 'From earlier', 'Adds',
                      'Words', 'Relations'
                  ],
                  rows, (x) => ({'data-article': st.articles[x]}))
          ]),
        h('section', {'aria-labelledby': 'rp-h-pairs'},
          [
              h('h2', {id: 'rp-h-pairs'}, 'Pairs'),
              rels.length ?
                  pairTable('The ' + plural(rels.length, 'related pair') + ' of the story.', rels) :
                  h('p', {}, 'No two articles of this story share passages or sentences.')
          ]),
        compareForm(st.articles)
    ]);
}

/* The relations 'rels' as a table, one pair a row; 'numbered' puts their numbers first. */
function pairTable(caption, rels, numbered) {
    const heads = ['Pair', 'Type', 'Direction', 'Score', 'Shared in A / B', 'Evidence'];
    return table(
        caption, numbered ? ['#'].concat(heads) : heads, rels.map((r, x) => function() {
            const rel = relations[r];
            return [
                numbered ? String(x + 1) : null,
                h('a', {
                    href: '#/pair/' + rel.a + '/' + rel.b,
                    class: 'pair-link',
                    'aria-label':
                        articles[rel.a].id + ' and ' + articles[rel.b].id + ', side by side'
                },
                  [articles[rel.a].id, ' \u2194 ', articles[rel.b].id]),
                badge('t-', rel.type), directionCell(rel), fixed(rel.score, 2),
                pct(rel.a_share) + ' / ' + pct(rel.b_share), evidenceText(rel)
            ].filter((c) => c !== null);
        }),
        (x) => ({'data-relation': rels[x]}));
}

function compareForm(members) {
    if (members.length < 2)
        return null;
    const opts = (sel) => members.slice(0, 5000).map(
        (i, p) => h('option', {value: i, selected: p === sel}, articles[i].id));
    const a = h('select', {id: 'rp-cmp-a'}, opts(0));
    const b = h('select', {id: 'rp-cmp-b'}, opts(1));
    return h('section', {'aria-labelledby': 'rp-h-compare', class: 'no-print'}, [
        h('h2', {id: 'rp-h-compare'}, 'Compare any two'),
        h('form', {
            class: 'controls',
            onsubmit: function(e) {
                e.preventDefault();
                location.hash = '#/pair/' + a.value + '/' + b.value;
            }
        },
          [
              h('label', {}, [h('span', {}, 'Article A'), a]),
              h('label', {}, [h('span', {}, 'Article B'), b]),
              h('button', {type: 'submit'}, 'Side by side')
          ])
    ]);
}

/* The articles along a time axis, or in their inferred order, as dots that link to them. */
function timeline(k) {
    const st = stories[k];
    const members = st.articles.slice(0, TIMELINE_MAX);
    const dated = members.filter((i) => articles[i].t !== undefined);
    const W = 760, pad = 60, axis = 30;
    const byTime = !st.inferred && dated.length > 0;
    const info = storyInfo(k);
    const x = function(i, p) {
        if (!byTime)
            return members.length === 1 ? W / 2 : pad + p * (W - 2 * pad) / (members.length - 1);
        if (articles[i].t === undefined)
            return W - pad / 2;
        const range = info.last - info.first;
        return range > 0 ? pad + (articles[i].t - info.first) * (W - 2 * pad) / range : W / 2;
    };
    const stacks = new Map();
    const dots = members.map(function(i, p) {
        const cx = x(i, p);
        const slot = Math.round(cx / 10);
        const level = stacks.get(slot) || 0;
        stacks.set(slot, level + 1);
        return {i: i, p: p, cx: cx, cy: axis + 16 + level * 14};
    });
    const labels = members.length <= 12 && stacks.size === members.length;
    const height = Math.max(...dots.map((d) => d.cy)) + (labels ? 50 : 16);
    const label = (i, p) => (p + 1) + '. ' + articles[i].id + ', ' +
        (when(articles[i].date) || 'no date') + ', ' + st.roles[p];
    let caption;
    if (!byTime)
        caption = 'Order inferred: ' +
            (dated.length ? 'the scan ordered this story without its dates' :
                            'no article has a publication date') +
            '; the likely original is first.';
    else if (info.first === info.last)
        caption = 'Published on ' + when(info.firstDate) + '.';
    else
        caption = 'Published from ' + when(info.firstDate) + ' to ' + when(info.lastDate) + '.';
    if (byTime && dated.length < members.length)
        caption += ' Articles without a date are at the right end.';
    if (st.articles.length > TIMELINE_MAX)
        caption += ' The first ' + TIMELINE_MAX + ' of ' + st.articles.length + ' are drawn.';
    const dot = (d) => svg('a', {href: '#/article/' + d.i, 'aria-label': label(d.i, d.p)}, [
        svg('title', {}, label(d.i, d.p)),
        svg('line', {x1: d.cx, x2: d.cx, y1: axis, y2: d.cy, class: 'stem'}), svg('circle', {
            cx: d.cx,
            cy: d.cy,
            r: 6,
            class: 'dot ' + cls('r-', st.roles[d.p]) +
                (byTime && articles[d.i].t === undefined ? ' undated' : '')
        }),
        labels ? svg('text', {x: d.cx, y: height - 4 - (d.p % 2) * 14, class: 'label'},
                     short(articles[d.i].id, 16)) :
                 null
    ]);
    const ticks = [
        svg('line', {x1: pad / 2, x2: W - pad / 2, y1: axis, y2: axis, class: 'axis'}),
        svg('text', {x: pad / 2, y: axis - 10, class: 'tick'},
            byTime ? when(info.firstDate) : 'first'),
        svg('text', {x: W - pad / 2, y: axis - 10, class: 'tick end'},
            byTime ? when(info.lastDate) : 'last')
    ];
    const title =
        'Timeline of ' + plural(members.length, 'article') + (byTime ? '' : ', order inferred');
    return h('figure', {class: 'timeline'}, [
        svg('svg', {
            viewBox: '0 0 ' + W + ' ' + height,
            width: W,
            height: height,
            role: 'group',
            'aria-label': title
        },
            [ticks, dots.map(dot)]),
        h('figcaption', {}, caption)
    ]);
}

/* The reuse graph: an arrow from the article a text came from to the one that reused it.
 * Relations without a direction point from the earlier article in the story's order
 * (dashed); same-story relations are dotted lines. Each article hangs from its likeliest
 * source, the earlier article it shares most with, so the columns are the steps from an
 * original; by default only those links are drawn, the others on request. */
function graph(k) {
    const st = stories[k];
    const nodes = st.articles.slice(0, GRAPH_MAX_NODES);
    const shown = new Set(nodes);
    const edges = [];
    storyRelations(k).forEach(function(r) {
        const rel = relations[r];
        if (!shown.has(rel.a) || !shown.has(rel.b))
            return;
        const d = directionOf(rel);
        const reuse = rel.passages.length > 0 || rel.sentences.length > 0;
        let from, to, kind;
        if (d !== null) {
            from = d.from;
            to = d.to;
            kind = d.inferred ? 'inferred' : 'dated';
        } else {
            from = posOf[rel.a] <= posOf[rel.b] ? rel.a : rel.b;
            to = from === rel.a ? rel.b : rel.a;
            kind = reuse ? 'order' : 'none';
        }
        edges.push({r: r, rel: rel, from: from, to: to, kind: kind});
    });
    const source = new Map();
    edges.forEach(function(e) {
        if (e.kind === 'none' || posOf[e.from] >= posOf[e.to])
            return;
        const best = source.get(e.to);
        if (!best || e.rel.score > best.rel.score ||
            (e.rel.score === best.rel.score && posOf[e.from] < posOf[best.from]))
            source.set(e.to, e);
    });
    const tree = new Set(source.values());
    const depth = new Map();
    nodes.forEach((i) => depth.set(i, source.has(i) ? depth.get(source.get(i).from) + 1 : 0));
    const columns = [];
    nodes.forEach(function(i) {
        while (columns.length <= depth.get(i)) columns.push([]);
        columns[depth.get(i)].push(i);
    });
    const row = new Map();
    columns.forEach(function(col, c) {
        if (c > 0)
            col.sort(
                (x, y) => row.get(source.get(x).from) - row.get(source.get(y).from) ||
                    posOf[x] - posOf[y]);
        col.forEach((i, r) => row.set(i, r));
    });
    const colW = 190, rowH = nodes.length > 40 ? 32 : 46, padX = 80, padR = 180, padY = 30, R = 9;
    const W = Math.max(760, padX + padR + (columns.length - 1) * colW);
    const rowsMax = Math.max(...columns.map((c) => c.length));
    const H = padY * 2 + (rowsMax - 1) * rowH + 20;
    const at = new Map();
    columns.forEach(function(col, c) {
        const x = columns.length === 1 ? padX : padX + c * (W - padX - padR) / (columns.length - 1);
        const top = padY + (rowsMax - col.length) * rowH / 2;
        col.forEach((i, r) => at.set(i, {x: x, y: top + r * rowH}));
    });
    const describe = function(e) {
        const a = articles[e.from].id, b = articles[e.to].id;
        if (e.kind === 'none')
            return e.rel.type + ': ' + a + ' and ' + b;
        return e.rel.type + ': ' + b + ' took from ' + a +
            (e.kind === 'dated'        ? '' :
                 e.kind === 'inferred' ? ' (inferred without dates)' :
                                         ' (direction from the story order)');
    };
    const drawEdge = function(e, markerId) {
        const p = at.get(e.from), q = at.get(e.to);
        const dx = q.x - p.x, dy = q.y - p.y, len = Math.hypot(dx, dy) || 1;
        const bend = p.x === q.x ? 40 + Math.abs(dy) * 0.2 : len * 0.12;
        const mx = (p.x + q.x) / 2 - dy / len * bend, my = (p.y + q.y) / 2 + dx / len * bend;
        const ml = Math.hypot(q.x - mx, q.y - my) || 1;
        const ex = q.x - (q.x - mx) / ml * (R + 3), ey = q.y - (q.y - my) / ml * (R + 3);
        const d = 'M' + p.x.toFixed(1) + ',' + p.y.toFixed(1) + ' Q' + mx.toFixed(1) + ',' +
            my.toFixed(1) + ' ' + ex.toFixed(1) + ',' + ey.toFixed(1);
        const text = describe(e) + '; score ' + fixed(e.rel.score, 2) + '. Show side by side.';
        return svg(
            'a', {
                href: '#/pair/' + e.from + '/' + e.to,
                'aria-label': text,
                class: 'edge-link',
                'data-relation': e.r
            },
            [
                svg('title', {}, text), svg('path', {d: d, class: 'hit'}), svg('path', {
                    d: d,
                    class: 'edge ' + cls('t-', e.rel.type) + ' ' + e.kind +
                        (tree.has(e) ? ' source' : ''),
                    'marker-end': e.kind === 'none' ? null : 'url(#' + markerId + ')'
                })
            ]);
    };
    const drawNode = function(i, leaf) {
        const p = at.get(i);
        const role = st.roles[posOf[i]];
        const text = articles[i].id + ', ' + role + (sourceOf(i) ? ', ' + sourceOf(i) : '') +
            (articles[i].date ? ', ' + when(articles[i].date) : '');
        return svg('a', {href: '#/article/' + i, 'aria-label': text, class: 'node-link'}, [
            svg('title', {}, text),
            svg('circle', {cx: p.x, cy: p.y, r: R, class: 'node ' + cls('r-', role)}),
            leaf ? svg('text', {x: p.x + R + 5, y: p.y + 4, class: 'label leaf'},
                       short(articles[i].id, 24)) :
                   svg('text', {x: p.x, y: p.y + R + 13, class: 'label'}, short(articles[i].id, 24))
        ]);
    };
    const box = h('div', {class: 'graph-scroll'});
    const legend = h('ul', {class: 'legend'});
    const draw = function(all) {
        const list = all ? edges : edges.filter((e) => tree.has(e));
        const types = [...new Set(list.map((e) => e.rel.type))];
        const markerId = (t) => 'rp-arrow-' + types.indexOf(t);
        box.replaceChildren(svg(
            'svg', {
                viewBox: '0 0 ' + W + ' ' + H,
                width: W,
                height: H,
                role: 'group',
                'aria-label': 'Reuse graph: ' + plural(nodes.length, 'article') + ', ' +
                    plural(list.length, 'link')
            },
            [
                svg('defs', {},
                    types.map(
                        (t) =>
                            svg('marker', {
                                id: markerId(t),
                                viewBox: '0 0 10 10',
                                refX: 9,
                                refY: 5,
                                markerWidth: 7,
                                markerHeight: 7,
                                orient: 'auto-start-reverse'
                            },
                                svg('path',
                                    {d: 'M0,0 L10,5 L0,10 z', class: 'arrow ' + cls('t-', t)})))),
                list.map((e) => drawEdge(e, markerId(e.rel.type))),
                nodes.map((i) => drawNode(i, !list.some((e) => e.from === i && e.kind !== 'none')))
            ]));
        const roles = [...new Set(nodes.map((i) => st.roles[posOf[i]]))];
        legend.replaceChildren(
            types.length ? h('li', {class: 'lead'}, 'Links:') : '',
            ...types.map(
                (t) =>
                    h('li', {},
                      [h('span', {class: 'swatch ' + cls('t-', t), 'aria-hidden': 'true'}), t])),
            h('li', {class: 'lead'}, 'Articles:'),
            ...roles.map((r) => h('li', {}, [
                             h('span', {class: 'disc ' + cls('r-', r), 'aria-hidden': 'true'}), r
                         ])));
    };
    draw(false);
    const toggle = edges.length > tree.size ?
        h('label', {class: 'check no-print'},
          [
              h('input',
                {type: 'checkbox', id: 'rp-all-edges', onchange: (e) => draw(e.target.checked)}),
              ' all ' + plural(edges.length, 'relation') +
                  ', not only each article\'s likeliest source'
          ]) :
        null;
    return h('figure', {class: 'graph'}, [
        toggle, box,
        h('figcaption', {},
          [
              edges.length ?
                  'Each article hangs from its likeliest source, the earlier article it ' +
                      'shares most with; arrows point from the source to the article that ' +
                      'reused it. Dashed arrows take their direction from the story\'s order, ' +
                      'dotted lines join articles of the same story without reuse. Select an ' +
                      'arrow to see the pair side by side. ' :
                  'No reuse between these articles. ',
              st.articles.length > GRAPH_MAX_NODES ?
                  'The graph shows the first ' + GRAPH_MAX_NODES + ' of ' + st.articles.length +
                      ' articles; the tables list all. ' :
                  '',
              legend
          ])
    ]);
}

/* ---- Texts with their spans ------------------------------------------------------- */

/* Draws 'text' into 'box' as segments cut at every span boundary. A span is {s, e, kind}
 * with kind 'p' (passage), 's' (sentence of a rewrite) or 'bp' (page furniture), and for
 * 'p' and 's' a number n, a class, an anchor id and a link (href, label) to its match.
 * Each segment lists the passages (data-p) and sentences (data-s) it lies in. */
function drawText(box, text, spans) {
    const len = text.length;
    const list =
        spans
            .map(
                (sp) => Object.assign(
                    {}, sp,
                    {s: Math.max(0, Math.min(len, sp.s)), e: Math.max(0, Math.min(len, sp.e))}))
            .filter((sp) => sp.e > sp.s);
    const cuts = new Set([0, len]);
    list.forEach((sp) => {
        cuts.add(sp.s);
        cuts.add(sp.e);
    });
    const points = [...cuts].sort((x, y) => x - y);
    const starts = new Map();
    list.forEach((sp) => {
        if (!starts.has(sp.s))
            starts.set(sp.s, []);
        starts.get(sp.s).push(sp);
    });
    let active = [];
    const frag = document.createDocumentFragment();
    for (let x = 0; x + 1 < points.length; x++) {
        const s = points[x], e = points[x + 1];
        active = active.filter(function(sp) {
            if (sp.e > s)
                return true;
            if (sp.kind !== 'bp')
                frag.appendChild(
                    h('span', {class: 'sr-only'}, ' end of ' + sp.what + ' ' + sp.n + ' '));
            return false;
        });
        (starts.get(s) || []).forEach(function(sp) {
            active.push(sp);
            if (sp.kind !== 'bp')
                frag.appendChild(
                    h('a', {
                        class: 'jump ' + sp.cls,
                        id: sp.id,
                        href: sp.href,
                        'aria-label': sp.label,
                        title: sp.label
                    },
                      (sp.kind === 's' ? 'S' : '') + sp.n));
        });
        const ps = active.filter((sp) => sp.kind === 'p');
        const ss = active.filter((sp) => sp.kind === 's');
        const classes = ['seg'];
        if (active.some((sp) => sp.kind === 'bp'))
            classes.push('bp');
        if (ps.some((sp) => sp.quote))
            classes.push('quote');
        else if (ps.length)
            classes.push('copy');
        if (ss.length)
            classes.push('rw');
        frag.appendChild(
            h(ps.length || ss.length ? 'mark' : 'span', {
                class: classes.join(' '),
                'data-p': ps.length ? ps.map((sp) => sp.key).join(' ') : null,
                'data-s': ss.length ? ss.map((sp) => sp.key).join(' ') : null,
                title: classes.indexOf('bp') >= 0 ? 'page furniture' : null
            },
              text.slice(s, e)));
    }
    active.filter((sp) => sp.kind !== 'bp')
        .forEach(
            (sp) =>
                frag.appendChild(h('span', {class: 'sr-only'}, ' end of ' + sp.what + ' ' + sp.n)));
    box.replaceChildren(frag);
}

function furniture(i) {
    return articles[i].bp.map((b) => ({s: b[0], e: b[1], kind: 'bp'}));
}

function legendBox() {
    const item = (c, text) => h('li', {}, [h('mark', {class: 'seg ' + c}, text)]);
    return h('ul', {class: 'legend text-legend', 'aria-label': 'Highlights'}, [
        item('copy', 'copied passage'), item('quote', 'quotation'),
        item('rw', 'rewritten sentence'),
        h('li', {}, h('span', {class: 'seg bp'}, 'page furniture'))
    ]);
}

/* ---- Pair -------------------------------------------------------------------------- */

function viewPair(i, j, target) {
    if (current && current.kind === 'pair' && current.i === i && current.j === j) {
        jump(target);
        return;
    }
    current = {kind: 'pair', i: i, j: j};
    const r = pairRel.get(pairKey(i, j));
    const rel = r === undefined ? null : relations[r];
    const flip = rel !== null && rel.a !== i;
    /* Spans of the left (i) and right (j) article: 'mine' is the side of the relation. */
    const side = (sp, left) => (left !== flip ? sp.a : sp.b);
    const base = '#/pair/' + i + '/' + j;
    const spansOf = function(left) {
        const me = left ? 'a' : 'b', other = left ? 'b' : 'a';
        const otherId = articles[left ? j : i].id;
        const out = furniture(left ? i : j);
        if (rel === null)
            return out;
        rel.passages.forEach(function(p, x) {
            const sp = side(p, left);
            const what = p.quote ? 'quotation' : 'copied passage';
            out.push({
                s: sp[0],
                e: sp[1],
                kind: 'p',
                n: x + 1,
                key: String(x + 1),
                quote: p.quote,
                what: what,
                cls: p.quote ? 'quote' : 'copy',
                id: 'rp-' + me + '-p' + (x + 1),
                href: base + '/' + other + '/p' + (x + 1),
                label: what + ' ' + (x + 1) + ', ' + p.words + ' words: go to it in ' + otherId
            });
        });
        rel.sentences.forEach(function(p, x) {
            const sp = side(p, left);
            out.push({
                s: sp[0],
                e: sp[1],
                kind: 's',
                n: x + 1,
                key: String(x + 1),
                what: 'rewritten sentence',
                cls: 'rw',
                id: 'rp-' + me + '-s' + (x + 1),
                href: base + '/' + other + '/s' + (x + 1),
                label: 'rewritten sentence ' + (x + 1) + ': go to it in ' + otherId
            });
        });
        return out;
    };
    const column = function(left) {
        const a = left ? i : j;
        const me = left ? 'a' : 'b';
        const box = h('div', {class: 'text', id: 'rp-text-' + me, lang: ''});
        drawText(box, textOf(a), spansOf(left));
        const role = roleOf(a);
        return h('section', {class: 'side', 'aria-labelledby': 'rp-h-' + me}, [
            h('h2', {id: 'rp-h-' + me},
              [h('span', {class: 'side-key'}, left ? 'A' : 'B'), ' ', articleLink(a)]),
            h('p', {class: 'sub'},
              [
                  articles[a].title || '(no title)', h('br'),
                  [sourceOf(a), when(articles[a].date), role].filter((x) => x).join(' \u00b7 ')
              ]),
            box
        ]);
    };
    const d = rel ? directionOf(rel) : null;
    const title = articles[i].id + ' \u2194 ' + articles[j].id;
    const path = [['Stories', '#/']];
    if (storyOf[i] >= 0)
        path.push([short(storyTitle(storyOf[i]), 40), '#/story/' + storyOf[i]]);
    path.push([title, base]);
    const evidence = [];
    if (rel && rel.passages.length)
        evidence.push(evidenceTable('Shared passages', rel, rel.passages, 'p', i, j, flip));
    if (rel && rel.sentences.length)
        evidence.push(evidenceTable('Rewritten sentences', rel, rel.sentences, 's', i, j, flip));
    show(title, path, [
        heading(title),
        rel ? facts([
            ['Relation', badge('t-', rel.type)],
            [
                'Direction',
                d !== null ?
                    [
                        articleLink(d.to), ' took from ', articleLink(d.from),
                        d.inferred ? ' (inferred without publication dates)' : ''
                    ] :
                    storyOf[i] === storyOf[j] ?
                    [
                        'unknown; in the story\'s order ', articleLink(posOf[i] < posOf[j] ? i : j),
                        ' comes first'
                    ] :
                    'unknown'
            ],
            ['Score', fixed(rel.score, 2)],
            [
                'Shared',
                pct(flip ? rel.b_share : rel.a_share) + ' of A, ' +
                    pct(flip ? rel.a_share : rel.b_share) + ' of B'
            ],
            rel.jaccard !== undefined ? ['Jaccard', fixed(rel.jaccard, 3)] : null,
            rel.terms.length ?
                ['Shared terms', h('ul', {class: 'terms'}, rel.terms.map((t) => h('li', {}, t)))] :
                null
        ]) :
              h('p', {},
                'The scan found nothing shared by these two articles: ' +
                    'no passages, sentences or terms.'),
        legendBox(), h('div', {class: 'pair'}, [column(true), column(false)]), evidence
    ]);
    jump(target);
}

function evidenceTable(caption, rel, list, kind, i, j, flip) {
    const base = '#/pair/' + i + '/' + j;
    const left = (p) => (flip ? p.b : p.a), right = (p) => (flip ? p.a : p.b);
    const snippet = (k, sp) => short(textOf(k).slice(sp[0], sp[1]).replace(/\s+/g, ' '), 90);
    const heads = kind === 'p' ? ['#', 'In A', 'In B', 'Words', 'Identity', 'Kind'] :
                                 ['#', 'In A', 'In B', 'Similarity'];
    return h('section', {'aria-label': caption}, [
        h('h2', {}, caption),
        table(
            caption + ' (select one to go to it in the texts).', heads,
            list.map((p, x) => function() {
                const row = [
                    String(x + 1),
                    h('a', {href: base + '/a/' + kind + (x + 1)}, snippet(i, left(p))),
                    h('a', {href: base + '/b/' + kind + (x + 1)}, snippet(j, right(p)))
                ];
                if (kind === 'p')
                    row.push(
                        String(p.words), pct(p.identity),
                        p.quote ? 'quotation' + (p.speaker ? ' (' + p.speaker + ')' : '') : 'copy');
                else
                    row.push(fixed(p.similarity, 2));
                return row;
            }))
    ]);
}

/* Scrolls to a passage or sentence ("a/p3") of the pair shown and focuses its link. */
function jump(target) {
    if (!target)
        return;
    const el = document.getElementById('rp-' + target.replace('/', '-'));
    if (!el)
        return;
    el.scrollIntoView({block: 'center'});
    el.focus({preventScroll: true});
    document.querySelectorAll('.target').forEach((x) => x.classList.remove('target'));
    el.classList.add('target');
    const what = el.getAttribute('aria-label') || '';
    live.textContent =
        what.replace(/: go to it in .*/, '') + ' in ' + (target[0] === 'a' ? 'A' : 'B');
}

/* ---- Article ---------------------------------------------------------------------- */

function viewArticle(i) {
    current = {kind: 'article', i: i};
    const a = articles[i];
    const k = storyOf[i];
    const spans = furniture(i);
    const rels = relsOf[i].slice(0, 300);
    rels.forEach(function(r, y) {
        const rel = relations[r];
        const other = rel.a === i ? rel.b : rel.a;
        const mine = rel.a === i ? 'a' : 'b';
        rel.passages.forEach(function(p, x) {
            const what = p.quote ? 'quotation' : 'copied passage';
            spans.push({
                s: p[mine][0],
                e: p[mine][1],
                kind: 'p',
                n: (y + 1) + '.' + (x + 1),
                key: r + '.' + (x + 1),
                quote: p.quote,
                what: what,
                cls: p.quote ? 'quote' : 'copy',
                id: null,
                href: '#/pair/' + i + '/' + other + '/b/p' + (x + 1),
                label: what + ' ' + (x + 1) + ' of relation ' + (y + 1) + ', shared with ' +
                    articles[other].id + ': show the pair'
            });
        });
    });
    const path = [['Stories', '#/']];
    if (k >= 0)
        path.push([short(storyTitle(k), 40), '#/story/' + k]);
    path.push([a.id, '#/article/' + i]);
    const box = h('div', {class: 'text', id: 'rp-text-a'});
    drawText(box, textOf(i), spans);
    const url = /^https?:\/\//i.test(a.url || '') ?
        h('a', {href: a.url, rel: 'noreferrer noopener'}, a.url) :
        a.url;
    show(a.id, path, [
        heading(a.id, a.title ? h('span', {class: 'sub'}, a.title) : null), facts([
            ['Story', k >= 0 ? h('a', {href: '#/story/' + k}, storyTitle(k)) : DASH],
            ['Role', roleOf(i) ? badge('r-', roleOf(i)) : DASH],
            ['Adds', pct(novelOf(i)) + ' of its text no earlier article had'],
            ['Published', when(a.date) || 'no date'], sourceOf(i) ? ['Source', sourceOf(i)] : null,
            url ? ['URL', url] : null,
            [
                'Size',
                plural(a.words, 'word') + ', ' + plural(a.bytes, 'byte') +
                    (a.invalid_utf8 ? ', ' + plural(a.invalid_utf8, 'invalid UTF-8 sequence') : '')
            ],
            [
                'Page furniture',
                a.bp.length ? plural(a.bp.length, 'span') + ', greyed out' : 'none found'
            ]
        ]),
        h('section', {'aria-labelledby': 'rp-h-rel'},
          [
              h('h2', {id: 'rp-h-rel'}, 'Relations'),
              relsOf[i].length ?
                  pairTable(
                      'The ' + plural(relsOf[i].length, 'relation') +
                          ' of this article; the text marks their passages by these numbers.',
                      relsOf[i], true) :
                  h('p', {}, 'This article shares nothing with another.')
          ]),
        h('section', {'aria-labelledby': 'rp-h-text'},
          [
              h('h2', {id: 'rp-h-text'}, 'Text'),
              rels.length < relsOf[i].length ?
                  h('p', {class: 'note'},
                    'The passages of its first ' + rels.length + ' relations are highlighted.') :
                  null,
              legendBox(), box
          ])
    ]);
}

/* ---- Routing ----------------------------------------------------------------------- */

function route() {
    const hash = location.hash.replace(/^#/, '');
    let m;
    if (document.readyState === 'loading' && /^\/(pair|article)\//.test(hash)) {
        /* The texts come after this script in the page: wait for them. */
        show('Loading', [['Stories', '#/']], h('p', {}, 'Loading the texts\u2026'), false);
        document.addEventListener('DOMContentLoaded', route, {once: true});
        return;
    }
    if ((m = /^\/story\/(\d+)$/.exec(hash)) && +m[1] < stories.length)
        viewStory(+m[1]);
    else if ((m = /^\/article\/(\d+)$/.exec(hash)) && +m[1] < n)
        viewArticle(+m[1]);
    else if (
        (m = /^\/pair\/(\d+)\/(\d+)(?:\/([ab]\/[ps]\d+))?$/.exec(hash)) && +m[1] < n && +m[2] < n &&
        m[1] !== m[2])
        viewPair(+m[1], +m[2], m[3]);
    else
        viewOverview();
    document.body.dataset.view = hash || '/';
}

window.addEventListener('hashchange', route);
route();
performance.mark('rp-first-view'); /* for tests: the first view is drawn */
})();

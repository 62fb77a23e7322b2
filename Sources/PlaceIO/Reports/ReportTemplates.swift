/// The Mustache templates of the HTML report, kept in the binary so a report never depends on files beside it; the
/// web app renders the same templates. `{{{…}}}` inserts markup already escaped by the report (charts, tables).
public enum ReportTemplates {
    public static let page = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>
        {{{style}}}
        </style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        <p class="meta">{{subtitle}}</p>
        </header>
        <section class="findings">
        <h2>Findings</h2>
        <ul>
        {{#findings}}<li>{{.}}</li>
        {{/findings}}
        </ul>
        <p class="note">{{definitions}}</p>
        </section>
        {{#sections}}
        <section>
        <h2>{{heading}}</h2>
        {{#text}}<p>{{.}}</p>{{/text}}
        {{#figures}}<figure>{{{svg}}}{{#caption}}<figcaption>{{caption}}</figcaption>{{/caption}}</figure>
        {{/figures}}
        {{{table}}}
        </section>
        {{/sections}}
        <footer><p>{{footer}}</p></footer>
        </body>
        </html>

        """

    public static let style = """
        body { font-family: "Segoe UI", Arial, sans-serif; color: #222; max-width: 60rem; margin: 1.5rem auto;
          padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; }
        .meta, .note, figcaption { color: #555; font-size: 0.85rem; }
        .findings li { margin: 0.3rem 0; }
        figure { margin: 0.8rem 0; break-inside: avoid; page-break-inside: avoid; }
        svg.chart { width: 100%; height: auto; font-size: 11px; }
        .chart-title { font-weight: bold; font-size: 12px; } .tick, .legend, .axis-label { fill: #444; }
        .grid { stroke: #e3e3e3; } .cell { font-size: 10px; fill: #222; }
        table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; break-inside: avoid; }
        th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: right; } th { background: #f2f2f2; }
        td.text, th.text { text-align: left; }
        @page { size: A4; margin: 15mm; }
        @media print { body { max-width: none; margin: 0; } section { break-inside: auto; } }
        """
}

"""HTML progress reports: the store turned into plain records (data), statistics (stats), and
pages rendered with one Jinja2 environment (render); `learn class report` and `learn report` (cli)."""

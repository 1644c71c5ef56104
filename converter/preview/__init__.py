"""Previews of a conversion for reviews: Markdown for a pull-request comment (`github`), SARIF
2.1.0 for code scanning (`sarif`), the provenance picture in Mermaid, and the size estimate.

Pure: each function takes the parsed file and its plan and returns text or data; the CLI
(`convert --format`) and the GitHub Action's script (`comment.py`) do the I/O."""

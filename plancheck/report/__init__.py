"""Report writers: JSON (the contract), Markdown, HTML, SARIF and JUnit."""

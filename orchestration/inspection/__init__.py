"""Inspectors' side: dispositions of falsification flags, random sampling, the HTML report."""

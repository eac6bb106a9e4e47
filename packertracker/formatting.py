def format_weight(grams):
    """1234 → “1.23 kg”, 850 → “850 g”; no weight → “—”. The space never breaks."""
    if grams is None or grams == "":
        return "—"
    if grams >= 1000:
        return f"{grams / 1000:.2f}\N{NO-BREAK SPACE}kg"
    return f"{grams}\N{NO-BREAK SPACE}g"

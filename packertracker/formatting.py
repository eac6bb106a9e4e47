from decimal import Decimal

# Exact by definition (the international pound is 453.59237 g, an ounce a sixteenth of it).
GRAMS_PER_UNIT = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "oz": Decimal("28.349523125"),
    "lb": Decimal("453.59237"),
}
# Decimals that keep a weight within 1 g when it is read back (0.005 oz ≈ 0.14 g, 0.0005 lb
# ≈ 0.23 g, 0.0005 kg = 0.5 g).
DECIMALS = {"g": 0, "kg": 3, "oz": 2, "lb": 3}


def in_unit(grams, unit):
    """Grams as a Decimal in unit (g, kg, oz or lb), rounded to DECIMALS."""
    amount = Decimal(grams) / GRAMS_PER_UNIT[unit]
    return round(amount, DECIMALS[unit])


def format_weight(grams, unit="g"):
    """The one way the site shows a weight, in the member's unit; no weight → “—”.

    "g" shows grams up to 999 and kilograms from 1,000 g (1234 → “1.23 kg”); the others always
    their unit (“43.53 oz”, “2.72 lb”). The space never breaks.
    """
    if grams is None or grams == "":
        return "—"
    if unit not in GRAMS_PER_UNIT:
        unit = "g"
    if unit == "g" and grams >= 1000:
        unit = "kg"
    elif unit == "g":
        return f"{grams}\N{NO-BREAK SPACE}g"
    return f"{Decimal(grams) / GRAMS_PER_UNIT[unit]:.2f}\N{NO-BREAK SPACE}{unit}"

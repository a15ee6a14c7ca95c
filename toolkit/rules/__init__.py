"""Rules of law and price rules as dated data read from the economy workbook.

``refund``: the refund ladder (refusionstrappen) and the estimate of a blank refund in
Ydelser. ``prices``: the price (takst) valid on each day and the daily cost it gives.
"""

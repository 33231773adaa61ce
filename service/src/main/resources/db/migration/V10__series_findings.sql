-- The findings heads' probabilities of an embedded series, with the operating point of the heads
-- that made them: [{"label": …, "probability": …, "operating_point": …}]; NULL before embedding,
-- [] when no heads were installed.
ALTER TABLE series_result ADD COLUMN findings jsonb;

-- How many records each indexed word appears in, read by search to choose between ranking
-- every match (rare words) and listing the newest matches (very common words).
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');

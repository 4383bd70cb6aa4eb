"""Medical review: who checked an article and when, the review queue, reviews due."""

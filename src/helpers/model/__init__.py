"""Model layer: IPAK arithmetic, respondent scores, survey and small-area estimates, drivers."""

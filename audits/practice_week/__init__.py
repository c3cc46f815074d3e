"""Practice Week (the seed's 5.4): scheduling every six months, bulk allocation of its audits
across teams and the managers taking part, practice observations, partner professionals of
multi-agency audits, and the week's report."""

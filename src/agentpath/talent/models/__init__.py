"""Talent (C8): the models, split by what they are about; `agentpath.talent.models` names every one of them.

rounds        nominations, promotion rounds with quotas and candidates, talent decisions
reviews       bottom-rank reviews, potential ratings, 9-box review meetings with placements and moves
staffing      staffing ratios of a center, succession benches
competencies  the competency dictionary, position profiles, assessments
"""
from .competencies import Competency, CompetencyAssessment, PositionCompetency
from .reviews import (
                      BottomRankReview,
                      Placement,
                      PlacementMove,
                      PotentialRating,
                      TalentReview,
                      decides_talent,
                      still_employed,
)
from .rounds import (
                      DecisionQuerySet,
                      Nomination,
                      PromotionRound,
                      QuotaChange,
                      Recommendation,
                      RoundCandidate,
                      RoundQuota,
                      TalentDecision,
)
from .staffing import StaffingTarget, SuccessionCandidate

__all__ = ["BottomRankReview", "Competency", "CompetencyAssessment", "DecisionQuerySet", "Nomination", "Placement",
           "PlacementMove", "PositionCompetency", "PotentialRating", "PromotionRound", "QuotaChange", "Recommendation",
           "RoundCandidate", "RoundQuota", "StaffingTarget", "SuccessionCandidate", "TalentDecision", "TalentReview",
           "decides_talent", "still_employed"]

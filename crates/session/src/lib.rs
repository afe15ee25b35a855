//! The onboarding flow (being built).

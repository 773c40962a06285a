//! The anerisc frontend: lexer, parser, name resolution, type inference and diagnostics.

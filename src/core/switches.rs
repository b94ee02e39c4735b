//! The build's switches that change what is published: drafts and stories dated in the
//! future. One type, passed from the command line to every stage that needs it.

/// What a build publishes besides ordinary stories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Switches {
    /// Include drafts.
    pub drafts: bool,
    /// Include stories dated after now.
    pub future: bool,
}

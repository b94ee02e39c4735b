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

impl Switches {
    /// Does this build publish anything a plain `gazette build` would not?
    pub fn previews(self) -> bool {
        self.drafts || self.future
    }
}

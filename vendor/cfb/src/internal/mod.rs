#[macro_use]
mod macros;

mod alloc;
mod chain;
mod color;
pub mod consts;
mod directory;
mod direntry;
mod entry;
mod header;
mod minialloc;
mod minichain;
mod objtype;
pub mod path;
mod sector;
mod stream;
mod timestamp;
mod validate;
mod version;

pub use self::alloc::Allocator;
pub use self::chain::Chain;
pub use self::color::Color;
pub use self::directory::Directory;
pub use self::direntry::DirEntry;
pub use self::entry::{Entries, EntriesOrder, Entry};
pub use self::header::Header;
pub use self::minialloc::MiniAllocator;
pub use self::minichain::MiniChain;
pub use self::objtype::ObjType;
pub use self::sector::{Sector, SectorInit, Sectors};
pub use self::stream::Stream;
pub use self::timestamp::Timestamp;
pub use self::validate::Validation;
pub use self::version::Version;

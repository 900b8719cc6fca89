//! Pictures from DOT: runs Graphviz's `dot` to turn a diagram into SVG, PNG or PDF, and explains
//! how to install it when it is missing.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The picture formats Graphviz writes for actorgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics.
    Svg,
    /// PNG bitmap.
    Png,
    /// PDF document.
    Pdf,
}

impl ImageFormat {
    fn graphviz_name(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Pdf => "pdf",
        }
    }
}

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum GraphvizError {
    /// `dot` is not on PATH.
    #[error(
        "Graphviz's `dot` is not installed (or not on PATH). Install Graphviz — Debian/Ubuntu: `sudo apt-get install \
         graphviz`, Fedora: `sudo dnf install graphviz`, macOS: `brew install graphviz` — or drop --render to write DOT \
         text"
    )]
    NotInstalled,
    /// `dot` rejected the diagram or failed.
    #[error("dot failed: {0}")]
    Failed(String),
    /// `dot` could not be run or its output not written.
    #[error("cannot run Graphviz's dot")]
    Io(#[from] io::Error),
}

/// Whether Graphviz's `dot` can be run.
pub fn is_installed() -> bool {
    Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Renders `dot` text to `format` and writes the picture to `out`; a PNG gets `dpi` pixels per
/// inch (SVG and PDF stay in points, 72 to the inch).
pub fn render(dot: &[u8], format: ImageFormat, dpi: u32, out: &mut dyn Write) -> Result<(), GraphvizError> {
    let mut command = Command::new("dot");
    command.arg(format!("-T{}", format.graphviz_name()));
    if format == ImageFormat::Png {
        command.arg(format!("-Gdpi={dpi}"));
    }
    let mut child = match command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(GraphvizError::NotInstalled),
        Err(error) => return Err(error.into()),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Feed dot from another thread: a large picture fills the stdout pipe before dot has read
    // all of its input.
    let input = dot.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let result = child.wait_with_output()?;
    writer.join().map_err(|_| GraphvizError::Failed("the writer thread panicked".into()))??;
    if !result.status.success() {
        return Err(GraphvizError::Failed(String::from_utf8_lossy(&result.stderr).trim().to_owned()));
    }
    out.write_all(&result.stdout)?;
    Ok(())
}

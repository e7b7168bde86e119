//! The one place that maps a backend name to a burn [`Device`].
//!
//! burn 0.22 picks its backend at run time through the device, so the engine is
//! written once; adding a GPU backend means one more variant here and a cargo feature.

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

/// A compute backend ganvas can train on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// burn-flex, burn's pure-Rust CPU backend: the fastest on CPU here.
    #[default]
    Flex,
    /// burn-ndarray (deprecated in burn 0.22, kept because the product names it).
    Ndarray,
    /// burn's wgpu GPU backend (Vulkan, Metal, DX12 or WebGPU, whichever the machine
    /// has); only in builds with the cargo feature `wgpu`.
    Wgpu,
}

/// The backend asked for was left out of this build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {0} backend is not compiled into this build (enable the cargo feature `{0}`)")]
pub struct BackendUnavailable(pub &'static str);

impl Backend {
    /// Every backend, in the order the UI lists them.
    pub const ALL: [Self; 3] = [Self::Flex, Self::Ndarray, Self::Wgpu];

    /// The name used by the CLI and the UI.
    pub fn name(self) -> &'static str {
        match self {
            Self::Flex => "flex",
            Self::Ndarray => "ndarray",
            Self::Wgpu => "wgpu",
        }
    }

    /// Whether this build contains the backend.
    pub fn is_available(self) -> bool {
        match self {
            Self::Flex => cfg!(feature = "flex"),
            Self::Ndarray => cfg!(feature = "ndarray"),
            Self::Wgpu => cfg!(feature = "wgpu"),
        }
    }

    /// The plain (inference) device of this backend.
    pub fn device(self) -> Result<Device, BackendUnavailable> {
        match self {
            #[cfg(feature = "flex")]
            Self::Flex => Ok(Device::flex()),
            #[cfg(feature = "ndarray")]
            #[allow(deprecated)]
            // burn-ndarray is deprecated upstream; the product still offers it.
            Self::Ndarray => Ok(Device::ndarray()),
            #[cfg(feature = "wgpu")]
            Self::Wgpu => Ok(Device::wgpu(burn::tensor::DeviceKind::DefaultDevice)),
            #[allow(unreachable_patterns)]
            other => Err(BackendUnavailable(other.name())),
        }
    }

    /// The autodiff device used for training.
    pub fn training_device(self) -> Result<Device, BackendUnavailable> {
        self.device().map(Device::autodiff)
    }
}

//! The updates themselves: one discriminator update (WGAN-GP's gradient penalty
//! included) and one generator update, each with its divergence check.

use burn::optim::GradientsParams;
use burn::prelude::*;
use rand::RngExt as _;

use super::Trainer;
use crate::gan::config::{ConfigError, HyperParams, LossKind, WGAN_GP_NEEDS_MLP};
use crate::gan::data::sample_noise;
use crate::gan::loss::{DiscriminatorTargets, generator_loss, gradient_penalty};
use crate::gan::progress::{Network, TrainError};

impl Trainer {
    /// Samples `n` noise vectors as a `[n, noise_dim]` tensor on `device`.
    pub(super) fn noise(&mut self, n: usize, device: &Device) -> Tensor<2> {
        let dim = self.config.model.noise_dim;
        let mut values = Vec::with_capacity(n * dim);
        sample_noise(&mut self.rng, self.config.model.noise, n, dim, &mut values);
        Tensor::from_data(TensorData::new(values, [n, dim]), device)
    }

    pub(super) fn update_discriminator(&mut self, iteration: u64) -> Result<(), TrainError> {
        let HyperParams {
            batch_size: batch,
            loss,
            lr_d,
            ..
        } = self.config.hyper;
        if !self.targets.matches(loss, batch) {
            self.targets = DiscriminatorTargets::new(loss, batch, &self.device);
        }
        let inner = self.device.clone().inner();
        let fake = if self.generator.has_batch_norm() {
            // Batch norm: G in training mode (as the TF tutorial), its graph cut off.
            let z = self.noise(batch, &self.device.clone()); // [B, noise_dim]
            self.generator.forward(z).detach().inner() // [B, dim]
        } else {
            // The fake half needs no graph: G runs on the plain backend.
            let z = self.noise(batch, &inner); // [B, noise_dim]
            self.generator.valid().forward(z) // [B, dim]
        };
        let dim = self.sampler.dimension();
        let mut values = Vec::with_capacity(batch * dim);
        self.sampler.sample_into(&mut self.rng, batch, &mut values);
        let real = Tensor::<2>::from_data(TensorData::new(values, [batch, dim]), &inner);
        let penalty = match loss {
            LossKind::WganGp => Some(self.gradient_penalty(real.clone(), fake.clone())?),
            _ => None,
        };
        let x = Tensor::cat(vec![real, fake], 0).autodiff(); // [2B, dim], real rows first
        let mut loss_d = self.targets.loss(self.discriminator.forward(x)); // [1]
        if let Some(penalty) = penalty {
            loss_d = loss_d + penalty;
        }
        let value = loss_d.clone().into_scalar::<f32>();
        if !value.is_finite() {
            return Err(self.diverge(iteration, Network::Discriminator, value));
        }
        let grads = GradientsParams::from_grads(loss_d.backward(), &self.discriminator);
        self.discriminator = self.optim_d.step(lr_d, self.discriminator.clone(), grads);
        self.losses.loss_d = Some(value);
        self.counters.d_updates += 1;
        Ok(())
    }

    /// WGAN-GP's penalty on the critic's input gradients at random points between
    /// matched real and fake rows (`[B, dim]` each, plain backend).
    fn gradient_penalty(
        &mut self,
        real: Tensor<2>,
        fake: Tensor<2>,
    ) -> Result<Tensor<1>, TrainError> {
        let [batch, _] = real.dims();
        let mix: Vec<f32> = (0..batch).map(|_| self.rng.random::<f32>()).collect();
        let mix = Tensor::<2>::from_data(TensorData::new(mix, [batch, 1]), &real.device()); // [B, 1]
        let between = fake.clone() + (real - fake) * mix; // [B, dim]
        let (_, gradients) = self
            .discriminator
            .forward_with_input_gradient(between.autodiff())
            .ok_or_else(|| ConfigError {
                field: "loss",
                reason: WGAN_GP_NEEDS_MLP.into(),
            })?;
        Ok(gradient_penalty(gradients))
    }

    pub(super) fn update_generator(&mut self, iteration: u64) -> Result<(), TrainError> {
        let HyperParams {
            batch_size: batch,
            loss,
            lr_g,
            ..
        } = self.config.hyper;
        let device = self.device.clone();
        let z = self.noise(batch, &device); // [B, noise_dim]
        let fake = self.generator.forward(z); // [B, 2]
        // D's parameters take no gradient here: only G is updated.
        let critic = self.discriminator.clone().no_grad();
        let loss_g = generator_loss(loss, critic.forward(fake)); // [1]
        let value = loss_g.clone().into_scalar::<f32>();
        if !value.is_finite() {
            return Err(self.diverge(iteration, Network::Generator, value));
        }
        let grads = GradientsParams::from_grads(loss_g.backward(), &self.generator);
        self.generator = self.optim_g.step(lr_g, self.generator.clone(), grads);
        self.losses.loss_g = Some(value);
        self.counters.g_updates += 1;
        Ok(())
    }
}

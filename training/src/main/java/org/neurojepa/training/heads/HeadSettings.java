package org.neurojepa.training.heads;

import java.util.List;
import org.neurojepa.preprocessing.series.SequenceType;

/**
 * How findings heads are trained on a frozen encoder.
 *
 * @param probeDepth attentive-probe depth (1: the query's cross-attention only, the inference heads of
 *     the paper; 4 for monitoring heads)
 * @param epochs passes over the training scans at most
 * @param batch scans per optimiser step
 * @param learningRate AdamW learning rate (constant after one epoch of linear warm-up)
 * @param weightDecay AdamW weight decay on ≥ 2-D parameters
 * @param seed seed of initialisation, batch order and few-shot choice
 * @param fewShot k &gt; 0: each label learns from k positive and k negative training patients only
 * @param patience stop after this many epochs without a better validation AUROC (0: never stop early)
 * @param sequences the sequence types whose scans train the heads
 * @param fineTune whether the encoder is trained with the heads (a new encoder version) or frozen
 * @param encoderLearningRate the encoder's learning rate when it is fine-tuned (usually below the heads')
 */
public record HeadSettings(
    int probeDepth, int epochs, int batch, double learningRate, double weightDecay, long seed, int fewShot,
    int patience, List<SequenceType> sequences, boolean fineTune, double encoderLearningRate) {

  public HeadSettings {
    if (probeDepth < 1 || epochs < 1 || batch < 1) {
      throw new IllegalArgumentException("probe depth, epochs and batch must be ≥ 1");
    }
    if (!(learningRate > 0) || weightDecay < 0 || fewShot < 0 || patience < 0) {
      throw new IllegalArgumentException("learning rate > 0; weight decay, few-shot k and patience ≥ 0");
    }
    if (!(encoderLearningRate > 0)) {
      throw new IllegalArgumentException("the encoder's learning rate must be > 0");
    }
    if (sequences == null || sequences.isEmpty() || sequences.contains(SequenceType.REJECTED)) {
      throw new IllegalArgumentException("sequences must name T1w, T2w and/or FLAIR");
    }
    sequences = List.copyOf(sequences);
  }

  /**
   * Depth-1 probes on a frozen encoder, 100 epochs of batch 16 at 1e-3, weight decay 0.01,
   * patience 25, every sequence type; a fine-tuned encoder would learn at 1e-4.
   */
  public static HeadSettings defaults() {
    return new HeadSettings(1, 100, 16, 1e-3, 0.01, 0, 0, 25,
        List.of(SequenceType.T1W, SequenceType.T2W, SequenceType.FLAIR), false, 1e-4);
  }

  public HeadSettings withProbeDepth(int d) {
    return new HeadSettings(d, epochs, batch, learningRate, weightDecay, seed, fewShot, patience, sequences,
        fineTune, encoderLearningRate);
  }

  public HeadSettings withEpochs(int e) {
    return new HeadSettings(probeDepth, e, batch, learningRate, weightDecay, seed, fewShot, patience,
        sequences, fineTune, encoderLearningRate);
  }

  public HeadSettings withBatch(int b) {
    return new HeadSettings(probeDepth, epochs, b, learningRate, weightDecay, seed, fewShot, patience,
        sequences, fineTune, encoderLearningRate);
  }

  public HeadSettings withLearningRate(double lr) {
    return new HeadSettings(probeDepth, epochs, batch, lr, weightDecay, seed, fewShot, patience, sequences,
        fineTune, encoderLearningRate);
  }

  public HeadSettings withWeightDecay(double wd) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, wd, seed, fewShot, patience, sequences,
        fineTune, encoderLearningRate);
  }

  public HeadSettings withSeed(long s) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, s, fewShot, patience,
        sequences, fineTune, encoderLearningRate);
  }

  public HeadSettings withFewShot(int k) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, seed, k, patience,
        sequences, fineTune, encoderLearningRate);
  }

  public HeadSettings withPatience(int p) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, seed, fewShot, p,
        sequences, fineTune, encoderLearningRate);
  }

  public HeadSettings withSequences(List<SequenceType> s) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, seed, fewShot, patience, s,
        fineTune, encoderLearningRate);
  }

  public HeadSettings withFineTune(boolean f) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, seed, fewShot, patience, sequences,
        f, encoderLearningRate);
  }

  public HeadSettings withEncoderLearningRate(double lr) {
    return new HeadSettings(probeDepth, epochs, batch, learningRate, weightDecay, seed, fewShot, patience, sequences,
        fineTune, lr);
  }
}

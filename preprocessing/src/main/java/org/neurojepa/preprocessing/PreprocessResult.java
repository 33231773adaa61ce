package org.neurojepa.preprocessing;

import java.nio.file.Path;
import java.util.Map;
import org.neurojepa.preprocessing.input.ModelInput;
import org.neurojepa.preprocessing.qc.QcRejectedException;
import org.neurojepa.preprocessing.qc.QcResult;
import org.neurojepa.preprocessing.registration.RegistrationResult;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * What {@link Preprocessor} made of one scan.
 *
 * @param registration subject world → template world and how the optimiser got there
 * @param registered the bias-corrected scan on the template's 1 mm grid
 * @param mask the brain mask on the template grid (the template's)
 * @param nativeMask the same mask carried back to the subject's grid
 * @param input the encoder's 96×108×96 input
 * @param qc the QC numbers and decision; a rejected scan still has its artefacts written
 * @param millis per-step wall time in milliseconds, in pipeline order
 * @param directory where the artefacts were written
 */
public record PreprocessResult(
    Contrast contrast,
    RegistrationResult registration,
    Volume registered,
    Volume mask,
    Volume nativeMask,
    ModelInput input,
    QcResult qc,
    Map<String, Double> millis,
    Path directory) {

  public PreprocessResult {
    millis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(millis));
  }

  /** The model input, or {@link QcRejectedException} with the QC numbers when QC rejected the scan. */
  public ModelInput acceptedInput() {
    if (!qc.accepted()) {
      throw new QcRejectedException(qc);
    }
    return input;
  }
}

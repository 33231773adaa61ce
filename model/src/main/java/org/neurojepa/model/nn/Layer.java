package org.neurojepa.model.nn;

import java.util.List;
import org.neurojepa.model.ParameterSpec;

/** A part of the model that owns named tensors in a {@link org.neurojepa.model.ParameterStore}. */
public interface Layer {
  /** Appends this part's tensors, with their release key names, in a stable order. */
  void declare(List<ParameterSpec> specs);
}

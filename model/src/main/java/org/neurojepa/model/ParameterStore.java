package org.neurojepa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.internal.TruncatedNormal;

/**
 * The tensors of one model on one device, keyed by the release's names and checked against the
 * model's {@link ParameterSpec}s. Trained parameters and float buffers are held in the compute type
 * (float32 on CPU; bfloat16/float16 on GPU), except the router's selection bias, which the router
 * uses in float32; counters stay int64. Closing the store frees its native memory.
 */
public final class ParameterStore implements AutoCloseable {
  private final NDManager manager;
  private final List<ParameterSpec> specs;
  private final Map<String, ParameterSpec> byName;
  private final Map<String, NDArray> tensors = new LinkedHashMap<>();
  private final DataType computeType;

  private ParameterStore(List<ParameterSpec> specs, Device device, DataType computeType) {
    this.manager = NDManager.newBaseManager(device, DjlRuntime.engine().getEngineName());
    this.specs = List.copyOf(specs);
    this.computeType = computeType;
    Map<String, ParameterSpec> index = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      if (index.put(s.name(), s) != null) {
        throw new IllegalStateException("duplicate parameter name " + s.name());
      }
    }
    this.byName = Collections.unmodifiableMap(index);
  }

  /** A freshly initialised model: the same seed always gives the same values. */
  public static ParameterStore initialise(List<ParameterSpec> specs, long seed, Device device, DataType computeType) {
    ParameterStore store = new ParameterStore(specs, device, computeType);
    List<HostTensor> values =
        specs.parallelStream().map(s -> initialValues(s, seed)).toList();
    for (int i = 0; i < specs.size(); i++) {
      store.put(specs.get(i), values.get(i));
    }
    return store;
  }

  /**
   * A model from loaded tensors. Every spec must have exactly one tensor of its shape; a missing,
   * unexpected or mis-shaped key is an error naming it, and nothing is loaded partially.
   */
  public static ParameterStore fromTensors(
      List<ParameterSpec> specs, Map<String, HostTensor> tensors, Device device, DataType computeType) {
    List<String> problems = new ArrayList<>();
    TreeSet<String> expected = new TreeSet<>();
    for (ParameterSpec s : specs) {
      expected.add(s.name());
      HostTensor t = tensors.get(s.name());
      if (t == null) {
        problems.add("missing key '" + s.name() + "' " + s.shapeText());
      } else if (!Arrays.equals(t.shape(), s.shape())) {
        problems.add("key '" + s.name() + "' has shape " + Arrays.toString(t.shape()) + ", expected " + s.shapeText());
      } else if (s.kind() == ParameterSpec.Kind.COUNTER ? !"I64".equals(t.dtype()) : !t.isFloating()) {
        problems.add("key '" + s.name() + "' has element type " + t.dtype());
      }
    }
    for (String key : new TreeSet<>(tensors.keySet())) {
      if (!expected.contains(key)) {
        problems.add("unexpected key '" + key + "' " + Arrays.toString(tensors.get(key).shape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "weights do not match the model (" + problems.size() + " problem(s)): " + String.join("; ", problems));
    }
    ParameterStore store = new ParameterStore(specs, device, computeType);
    try {
      for (ParameterSpec s : specs) {
        store.put(s, tensors.get(s.name()));
      }
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static HostTensor initialValues(ParameterSpec s, long seed) {
    int n = Math.toIntExact(s.size());
    if (s.kind() == ParameterSpec.Kind.COUNTER) {
      return HostTensor.ofLongs(new long[n], s.shape());
    }
    float[] v =
        switch (s.init()) {
          case ZEROS -> new float[n];
          case ONES -> {
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            yield ones;
          }
          case TRUNCATED_NORMAL -> TruncatedNormal.sample(seed, s.name(), n, s.std());
        };
    return HostTensor.ofFloats(v, s.shape());
  }

  private void put(ParameterSpec s, HostTensor t) {
    Shape shape = new Shape(t.shape());
    NDArray array;
    if (s.kind() == ParameterSpec.Kind.COUNTER) {
      try (NDArray borrowed = manager.create(ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN), shape, DataType.INT64)) {
        array = borrowed.duplicate();
      }
    } else {
      NDArray f32 =
          "F32".equals(t.dtype())
              ? manager.create(ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN), shape, DataType.FLOAT32)
              : manager.create(t.toFloats(), shape);
      DataType target = s.kind() == ParameterSpec.Kind.BUFFER ? DataType.FLOAT32 : computeType;
      // f32 borrows a Java buffer; the store keeps a PyTorch-owned copy (see OwnedTensors)
      array = target == DataType.FLOAT32 ? f32.duplicate() : f32.toType(target, false);
      f32.close();
    }
    array.setName(s.name());
    tensors.put(s.name(), array);
  }

  public NDArray get(String name) {
    NDArray a = tensors.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return a;
  }

  /** Replaces a counter or buffer (e.g. accumulated expert counts); the shape must stay. */
  public void replace(String name, NDArray value) {
    NDArray old = get(name);
    if (!old.getShape().equals(value.getShape())) {
      throw new IllegalArgumentException("shape change for '" + name + "'");
    }
    // DJL's toType(sameType, copy=true) hands back an alias of the same storage on PyTorch; a real
    // copy (clone) keeps the store's tensor alive after the caller frees its value.
    NDArray copy =
        value.getDataType() == old.getDataType() ? value.duplicate() : value.toType(old.getDataType(), false);
    copy.attach(manager);
    tensors.put(name, copy);
    old.close();
  }

  /** The tensors as host copies in float32 / int64 (for saving a checkpoint). */
  public Map<String, HostTensor> toHost() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      NDArray a = tensors.get(s.name());
      if (s.kind() == ParameterSpec.Kind.COUNTER) {
        out.put(s.name(), HostTensor.ofLongs(a.toLongArray(), s.shape()));
      } else if (a.getDataType() == DataType.FLOAT32) {
        out.put(s.name(), HostTensor.ofFloats(a.toFloatArray(), s.shape()));
      } else {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
          out.put(s.name(), HostTensor.ofFloats(f.toFloatArray(), s.shape()));
        }
      }
    }
    return out;
  }

  /**
   * Makes every trained parameter (kind PARAMETER) a leaf that records gradients, for training with
   * DJL's GradientCollector. Buffers and counters never get gradients.
   */
  public void requireGradients() {
    for (ParameterSpec s : specs) {
      if (s.kind() == ParameterSpec.Kind.PARAMETER) {
        tensors.get(s.name()).setRequiresGradient(true);
      }
    }
  }

  /** Whether {@link #requireGradients()} was called. */
  public boolean recordsGradients() {
    for (ParameterSpec s : specs) {
      if (s.kind() == ParameterSpec.Kind.PARAMETER) {
        return tensors.get(s.name()).hasGradient();
      }
    }
    return false;
  }

  /**
   * The accumulated gradient of a trained parameter (zeros before any backward pass). The result is
   * a new handle on the same storage: close it after use; writing to it changes the gradient.
   */
  public NDArray gradient(String name) {
    NDArray a = get(name);
    if (byName.get(name).kind() != ParameterSpec.Kind.PARAMETER || !a.hasGradient()) {
      throw new IllegalStateException("'" + name + "' records no gradient");
    }
    return a.getGradient();
  }

  /** Names of the trained parameters, in declaration order. */
  public List<String> parameterNames() {
    return specs.stream().filter(s -> s.kind() == ParameterSpec.Kind.PARAMETER).map(ParameterSpec::name).toList();
  }

  public List<ParameterSpec> specs() {
    return specs;
  }

  public Map<String, ParameterSpec> specsByName() {
    return byName;
  }

  public DataType computeType() {
    return computeType;
  }

  public Device device() {
    return manager.getDevice();
  }

  @Override
  public void close() {
    manager.close();
  }
}

package org.neurojepa.service.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.neurojepa.model.InferenceEngine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one Neuro-JEPA model the service runs. Prefix {@code neurojepa.model}.
 *
 * @param variant architecture of released or untrained weights: {@code base} (the release) or {@code tiny}
 * @param checkpointDir our checkpoint directory (with neurojepa.json) or the released model.safetensors;
 *     empty: an untrained model initialised from {@code seed}
 * @param seed seed of an untrained model
 * @param device AUTO (the GPU when there is one), CPU or GPU
 * @param cpuThreads PyTorch intra-op threads on the CPU, 0 = PyTorch's default
 * @param registryDir the model registry; empty: {@code <data-dir>/models}. Its active version
 *     (encoder and findings heads) serves unless {@code checkpointDir} names an encoder
 * @param registryPoll how often the registry's active version is checked, so that a promotion by
 *     {@code neurojepa models promote} reaches a running service
 * @param promotionMinMeanAuroc the test-split mean AUROC a version needs to be promoted
 * @param promotionMinLabelAuroc the test-split AUROC every label of a version needs to be promoted
 */
@Validated
@ConfigurationProperties("neurojepa.model")
public record ModelProperties(
    @Pattern(regexp = "base|tiny", message = "model variant is base or tiny") @DefaultValue("base") String variant,
    @NotNull @DefaultValue("") String checkpointDir,
    @Min(0) @DefaultValue("0") long seed,
    @NotNull @DefaultValue("AUTO") InferenceEngine.DevicePreference device,
    @Min(0) @DefaultValue("0") int cpuThreads,
    @NotNull @DefaultValue("") String registryDir,
    @NotNull @DefaultValue("10s") java.time.Duration registryPoll,
    @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.75") double promotionMinMeanAuroc,
    @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.6") double promotionMinLabelAuroc) {}

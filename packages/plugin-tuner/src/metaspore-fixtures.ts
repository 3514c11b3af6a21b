/**
 * The hyper_param blocks of MetaSpore's demo tuner files (demo/movielens/offline/tuner/
 * simplex_tuner.yaml and widedeep_tuner.yaml), indented as in them, for the --from-metaspore tests.
 */
/** The hyper_param block of MetaSpore's demo/movielens/offline/tuner/simplex_tuner.yaml. */
export const SIMPLEX_HYPER = `    _negative_sample_count: 13
    _w: 3
    _m: [0.8, 0.9]
    net_dropout: 0
    batch_size: [256, 512]
    embedding_size: 32
    gamma: [0.7, 0.8, 0.9]
    adam_learning_rate: [0.001, 0.002, 0.003]
    ftrl_learning_rate: 0.02
    ftrl_smothing_rate: 1.0
    ftrl_l1_regularization: 1.0
    ftrl_l2_regularization: 1.0
    training_epoches: [1, 2]
    shuffle_training_dataset: True
`;

/** The hyper_param block of MetaSpore's widedeep_tuner.yaml. */
export const WIDEDEEP_HYPER = `    use_wide: [True, False]
    batch_size: [256]
    embedding_size: [10, 20]
    deep_hidden_units: [[1024, 512, 256, 128, 1], [1024, 512, 1]]
    adam_learning_rate: [0.00001, 0.0001, 0.001]
    ftrl_learning_rate: 0.02
    ftrl_smothing_rate: 1.0
    ftrl_l1_regularization: 1.0
    ftrl_l2_regularization: 1.0
    training_epoches: [1, 2]
    shuffle_training_dataset: True
`;

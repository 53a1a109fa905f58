import CustomLoss
import EBMCommand

// `ebm` with this package's components: custom-ebm train --task regression1d-1 --objective softplus-ranking --sampler uniform-box
EBMTool.main(registry: CustomComponents.registry())

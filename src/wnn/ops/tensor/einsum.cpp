// Einsum (opset 12) over one or two float32 operands, for equations of letters with an explicit
// ("bij,bjk->bik") or implicit ("ij,jk") output: matrix and batched matrix products, transposes
// ("ij->ji"), attention scores ("bhqd,bhkd->bhqk"), outer products ("i,j->ij"), sums over axes
// ("ij->i"), traces and diagonals (a letter repeated in one operand). Ellipses ("...") and three
// or more operands are refused, naming the equation.
//
// One kernel does them all: each output element is a sum over the letters that do not reach the
// output, walked in the order they first appear, the last fastest; the sum starts at +0 and adds
// the products in that order. Tasks split the output elements, never a sum, so the bits do not
// depend on the thread count.
#include <algorithm>
#include <cctype>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

constexpr size_t kMaxLetters = 52;  // a-z, A-Z

struct Equation {
  std::vector<std::string> operands;  // the letters of each input
  std::string output;
};

class EinsumOp final : public Op {
 public:
  EinsumOp(OpContext ctx, Equation eq, std::string text)
      : label_(ctx), eq_(std::move(eq)), text_(std::move(text)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.size() != eq_.operands.size())
      return label_.error("equation '" + text_ + "' has " + std::to_string(eq_.operands.size()) +
                          " operands but the node has " + std::to_string(in.size()) + " inputs");
    int64_t size[128];
    std::fill(std::begin(size), std::end(size), -1);
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i].dtype != DType::kFloat32)
        return label_.error("input " + std::to_string(i) + " is " + dtype_name(in[i].dtype) +
                            "; Einsum runs on float32");
      const std::string& letters = eq_.operands[i];
      if (letters.size() != in[i].shape.size())
        return label_.error("operand " + std::to_string(i) + " '" + letters + "' of '" + text_ +
                            "' names " + std::to_string(letters.size()) +
                            " axes, but the input has shape " + shape_string(in[i].shape));
      for (size_t d = 0; d < letters.size(); ++d) {
        int64_t& s = size[static_cast<unsigned char>(letters[d])];
        if (s >= 0 && s != in[i].shape[d])
          return label_.error("letter '" + std::string(1, letters[d]) + "' of '" + text_ +
                              "' has sizes " + std::to_string(s) + " and " +
                              std::to_string(in[i].shape[d]));
        s = in[i].shape[d];
      }
    }
    std::string summed;
    for (const std::string& letters : eq_.operands)
      for (char c : letters)
        if (eq_.output.find(c) == std::string::npos && summed.find(c) == std::string::npos)
          summed += c;
    auto strides_for = [&](const std::string& walk, std::vector<int64_t>* per_operand) {
      for (size_t i = 0; i < in.size(); ++i) {
        per_operand[i].assign(walk.size(), 0);
        const std::string& letters = eq_.operands[i];
        int64_t stride = 1;
        for (size_t d = letters.size(); d-- > 0;) {
          const size_t w = walk.find(letters[d]);
          if (w != std::string::npos) per_operand[i][w] += stride;  // repeated: a diagonal
          stride *= in[i].shape[d];
        }
      }
    };
    out_dims_.clear();
    sum_dims_.clear();
    for (char c : eq_.output) out_dims_.push_back(size[static_cast<unsigned char>(c)]);
    for (char c : summed) sum_dims_.push_back(size[static_cast<unsigned char>(c)]);
    strides_for(eq_.output, out_strides_);
    strides_for(summed, sum_strides_);
    const int64_t outputs = shape_elements(out_dims_);
    sum_count_ = shape_elements(sum_dims_);
    out = {{DType::kFloat32, out_dims_}};
    needs.flops = static_cast<double>(outputs) * static_cast<double>(sum_count_) * 2.0;
    needs.compute = split_units(static_cast<size_t>(outputs), needs.threads,
                                std::max<size_t>(1, 16384 / std::max<int64_t>(1, sum_count_)));
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const size_t operands = eq_.operands.size();
    const float* x[2] = {a.in(0), operands > 1 ? a.in(1) : nullptr};
    float* y = a.out(0);
    const size_t out_rank = out_dims_.size(), sum_rank = sum_dims_.size();
    int64_t coord[kMaxLetters], sum_coord[kMaxLetters];
    int64_t base[2] = {0, 0};
    // The coordinate and operand offsets of the task's first output.
    int64_t rest = static_cast<int64_t>(task.begin[1]);
    for (size_t d = out_rank; d-- > 0;) {
      coord[d] = rest % out_dims_[d];
      rest /= out_dims_[d];
      for (size_t i = 0; i < operands; ++i) base[i] += coord[d] * out_strides_[i][d];
    }
    for (size_t o = task.begin[1]; o < task.end[1]; ++o) {
      float sum = 0.0f;
      int64_t at[2] = {base[0], base[1]};
      std::fill(sum_coord, sum_coord + sum_rank, 0);
      for (int64_t s = 0; s < sum_count_; ++s) {
        sum += operands > 1 ? x[0][at[0]] * x[1][at[1]] : x[0][at[0]];
        advance(sum_dims_, sum_strides_, sum_coord, at);
      }
      y[o] = sum;
      advance(out_dims_, out_strides_, coord, base);
    }
  }

 private:
  // The next coordinate of an odometer over `dims` (last fastest), moving the operand offsets.
  void advance(const Shape& dims, const std::vector<int64_t>* strides, int64_t* coord,
               int64_t* at) const {
    for (size_t d = dims.size(); d-- > 0;) {
      for (size_t i = 0; i < eq_.operands.size(); ++i) at[i] += strides[i][d];
      if (++coord[d] < dims[d]) return;
      for (size_t i = 0; i < eq_.operands.size(); ++i) at[i] -= dims[d] * strides[i][d];
      coord[d] = 0;
    }
  }

  OpLabel label_;
  Equation eq_;
  std::string text_;
  Shape out_dims_, sum_dims_;
  std::vector<int64_t> out_strides_[2], sum_strides_[2];  // per operand, per walked letter
  int64_t sum_count_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_einsum(const OpContext& ctx) {
  const Attribute* attr = ctx.node.attribute("equation");
  if (!attr) return ctx.error("the equation attribute is missing");
  std::string text;
  for (char c : attr->s)
    if (c != ' ') text += c;
  auto refuse = [&](const std::string& why) {
    return ctx.error("equation '" + attr->s + "' is not supported: " + why +
                     " (wasmnn runs one or two operands named by letters, e.g. 'bij,bjk->bik', "
                     "'ij->ji', 'bhqd,bhkd->bhqk', 'i,j->ij', 'ij->i')");
  };
  if (text.find("...") != std::string::npos) return refuse("ellipses ('...') are not");
  Equation eq;
  const size_t arrow = text.find("->");
  const std::string lhs = text.substr(0, arrow);
  size_t start = 0;
  for (size_t i = 0; i <= lhs.size(); ++i)
    if (i == lhs.size() || lhs[i] == ',') {
      eq.operands.push_back(lhs.substr(start, i - start));
      start = i + 1;
    }
  if (eq.operands.size() > 2) return refuse("three or more operands are not");
  for (const std::string& op : eq.operands)
    for (char c : op)
      if (!std::isalpha(static_cast<unsigned char>(c))) return refuse("it is not letters");
  if (arrow != std::string::npos) {
    eq.output = text.substr(arrow + 2);
    for (char c : eq.output) {
      if (!std::isalpha(static_cast<unsigned char>(c))) return refuse("its output is not letters");
      if (std::count(eq.output.begin(), eq.output.end(), c) != 1)
        return refuse("an output letter repeats");
      if (lhs.find(c) == std::string::npos) return refuse("an output letter is in no operand");
    }
  } else {  // implicit: the letters seen once, in alphabetical order
    for (char c = 'A'; c <= 'z'; ++c)
      if (std::isalpha(static_cast<unsigned char>(c)) && std::count(lhs.begin(), lhs.end(), c) == 1)
        eq.output += c;
  }
  return std::unique_ptr<Op>(new EinsumOp(ctx, std::move(eq), attr->s));
}

}  // namespace wnn

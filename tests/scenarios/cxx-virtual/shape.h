// Class hierarchy spread over libshape.so (Shape, Circle), libderived.so (Labeled, Square,
// ColoredCircle, Hexagon) and the program (Triangle, BigSquare).
#pragma once
#include <string>

class Shape {
public:
    virtual ~Shape();                       // key function: vtable/typeinfo in libshape.so
    virtual double area() const = 0;
    virtual std::string name() const;
    virtual int sides() const { return 0; }
    std::string describe() const;           // non-virtual, calls the virtuals above
};

class Circle : public Shape {
public:
    explicit Circle(double r);
    ~Circle() override;
    double area() const override;
    std::string name() const override;
    double radius() const { return r_; }
private:
    double r_;
};

// libshape.so
Shape *make_circle(double r);
std::string shape_probe(const Shape &s);    // dynamic_cast/typeid done inside libshape
double total_area(Shape *const *v, int n);  // virtual calls from libshape on any object

// libderived.so
class Labeled {
public:
    virtual ~Labeled();
    virtual std::string label() const = 0;
};

class Square : public Shape {
public:
    explicit Square(double s);
    ~Square() override;
    double area() const override;
    std::string name() const override;
    int sides() const override { return 4; }
protected:
    double s_;
};

class ColoredCircle : public Circle, public Labeled { // multiple inheritance, base from libshape
public:
    ColoredCircle(double r, const char *color);
    ~ColoredCircle() override;
    std::string name() const override;
    std::string label() const override;
private:
    std::string color_;
};

class Hexagon : public virtual Shape {               // virtual base (VTT, vbase offsets)
public:
    explicit Hexagon(double s);
    ~Hexagon() override;
    double area() const override;
    int sides() const override { return 6; }
private:
    double s_;
};

Shape *make_square(double s);
Shape *make_colored_circle(double r, const char *color);
Shape *make_hexagon(double s);
std::string derived_label(const Shape &s);  // cross-cast Shape -> Labeled inside libderived
